/** Per-request context shared by the HTTP, WebSocket and SSE paths. */
export interface GatewayContext {
  /** Client headers the gateway passes on to subgraphs (names lower-case). */
  forwardedHeaders: Record<string, string>;
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
