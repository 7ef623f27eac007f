import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { traceLogFields } from '@meshplane/telemetry';
import type { ServiceIdentity } from '../service-identity.js';

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Header values that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-meshplane-context"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export function loggerParams(identity: ServiceIdentity, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service: identity.service, instance: identity.instance, version: identity.version },
      redact: { paths: REDACTED_PATHS, censor: '***' },
      // trace_id and span_id of the active span, when tracing is on.
      mixin: traceLogFields,
      autoLogging: { ignore: (req: IncomingMessage) => PROBE_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    },
  };
}
