import type { INestApplication } from '@nestjs/common';
import type { ServiceEnv } from '@meshplane/config';
import { traceIncomingRequests, tracingEnabled } from '@meshplane/telemetry';

interface BodyParserApp {
  useBodyParser(parser: 'json', options: { limit: number }): unknown;
}

/**
 * What every backend app needs before it listens. With tracing on, each request runs in a span that continues the
 * gateway's trace (first, so the span covers reading the body too). The JSON body limit is the configured one instead
 * of body-parser's 100 kB default, which refused a legitimate 1 MiB kubeconfig with 413. Registered before `init`, so
 * Nest skips its own default JSON parser.
 */
export function configureBackendApp(
  app: INestApplication,
  config: Pick<ServiceEnv, 'BODY_LIMIT_BYTES'>,
): void {
  if (tracingEnabled())
    app.use(
      traceIncomingRequests({
        trustRemoteParent: true,
        routes: ['/graphql'],
        ignorePaths: ['/healthz', '/readyz', '/metrics'],
      }),
    );
  (app as unknown as BodyParserApp).useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
}
