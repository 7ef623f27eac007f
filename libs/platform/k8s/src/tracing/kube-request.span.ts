import { inSpan, SpanKind, SpanStatusCode } from '@meshplane/telemetry';

/**
 * Runs one request to a Kubernetes API server in a CLIENT span (with tracing on), recording the status it answered
 * with. No trace context is sent: the servers belong to tenants, and our trace ids are none of their business.
 */
export function inKubeRequestSpan<T>(
  method: string,
  url: URL,
  work: () => Promise<T>,
  statusOf: (result: T) => number,
): Promise<T> {
  return inSpan(
    () => ({
      name: `kube ${method}`,
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        // Origin and path only: the query holds nothing secret, but nothing of it helps a trace either.
        'url.full': `${url.origin}${url.pathname}`,
        'server.address': url.hostname,
        'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        'meshplane.kube.watch': url.searchParams.get('watch') === 'true',
      },
    }),
    async (span) => {
      const result = await work();
      const status = statusOf(result);
      span?.setAttribute('http.response.status_code', status);
      if (status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    },
  );
}
