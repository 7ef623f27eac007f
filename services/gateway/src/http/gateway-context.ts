import type { InternalContext } from '@meshplane/auth';
import type { Credential } from '../auth/credential-recheck.js';

/** Per-request context shared by the HTTP, WebSocket and SSE paths. */
export interface GatewayContext {
  /** Client headers the gateway passes on to subgraphs as they are (names lower-case). */
  forwardedHeaders: Record<string, string>;
  /** Who is calling, as authenticated; signed per subgraph (audience = its name) when a request leaves. */
  caller: InternalContext;
  /** The client's token and organization header, to check them again while a subscription is open. */
  credential: Credential;
  /**
   * Filled in once the operation is resolved, to label the request metrics. A nested object because
   * Apollo hands plugins a shallow copy of the context.
   */
  operation: { type?: string };
}

/** Picks the configured headers from a client request, for forwarding to subgraphs. */
export function pickForwardedHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  names: readonly string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
    else if (Array.isArray(value)) picked[name] = value.join(', ');
  }
  return picked;
}
