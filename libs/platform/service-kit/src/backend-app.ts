import type { INestApplication } from '@nestjs/common';
import type { ServiceEnv } from '@meshplane/config';

interface BodyParserApp {
  useBodyParser(parser: 'json', options: { limit: number }): unknown;
}

/**
 * What every backend app needs before it listens. The JSON body limit is the configured one instead of
 * body-parser's 100 kB default, which refused a legitimate 1 MiB kubeconfig with 413. Registered before
 * `init`, so Nest skips its own default JSON parser.
 */
export function configureBackendApp(
  app: INestApplication,
  config: Pick<ServiceEnv, 'BODY_LIMIT_BYTES'>,
): void {
  (app as unknown as BodyParserApp).useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
}
