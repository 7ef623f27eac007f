/** Who sends a request: a bearer token (session or API token) and optionally the organization to act in. */
export interface Credentials {
  token?: string;
  orgId?: string;
}

/** The headers that carry credentials over HTTP and SSE, and in graphql-ws `connection_init`. */
export function credentialHeaders(credentials: Credentials = {}): Record<string, string> {
  return {
    ...(credentials.token === undefined ? {} : { authorization: `Bearer ${credentials.token}` }),
    ...(credentials.orgId === undefined ? {} : { 'x-meshplane-org': credentials.orgId }),
  };
}
