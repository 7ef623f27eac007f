/** The shape every connection of the API shares, whatever its page-info type is called. */
export interface Page<T> {
  edges: readonly { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount?: number;
}

const MAX_PAGE = 100;

/** Follows `endCursor` until `limit` items or the last page; returns the items and the total the server counted. */
export async function collectPages<T>(
  limit: number,
  fetchPage: (first: number, after: string | undefined) => Promise<Page<T>>,
): Promise<{ items: T[]; totalCount?: number }> {
  const items: T[] = [];
  let after: string | undefined;
  let totalCount: number | undefined;
  for (;;) {
    const page = await fetchPage(Math.min(MAX_PAGE, limit - items.length), after);
    totalCount = page.totalCount;
    items.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || items.length >= limit) break;
    after = page.pageInfo.endCursor;
  }
  return { items, ...(totalCount === undefined ? {} : { totalCount }) };
}
