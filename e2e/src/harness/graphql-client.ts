import { credentialHeaders, MeshplaneClient, type Credentials } from '@meshplane/client';

export { credentialHeaders, type Credentials };

export interface GraphqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The typed client of `@meshplane/client` as one caller: what the tests use for every operation they name. */
export function clientOf(url: string, credentials: Credentials = {}): MeshplaneClient {
  return new MeshplaneClient({ url, credentials, timeoutMs: 15_000 });
}

/**
 * A document built at run time (introspection, operations generated from the schema): the one place the tests send
 * GraphQL text that is not one of the client's typed operations.
 */
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
