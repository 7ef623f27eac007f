export interface GraphqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Who sends a request: a bearer token, and optionally the organization to act in. */
export interface Credentials {
  token?: string;
  orgId?: string;
}

export function credentialHeaders(credentials: Credentials = {}): Record<string, string> {
  return {
    ...(credentials.token === undefined ? {} : { authorization: `Bearer ${credentials.token}` }),
    ...(credentials.orgId === undefined ? {} : { 'x-meshplane-org': credentials.orgId }),
  };
}

export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  credentials: Credentials = {},
): Promise<GraphqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentialHeaders(credentials) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json()) as Omit<GraphqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}
