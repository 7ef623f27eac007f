import { z } from 'zod';
import { envBoolean, envInt, envUrl } from './env-types.js';

const SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

export type TraceSampler = (typeof SAMPLERS)[number];

/**
 * `name=value,…` with URL-encoded values, as OpenTelemetry specifies OTEL_EXPORTER_OTLP_HEADERS (a collector's API
 * key travels here). A decoded CR or LF would let the value forge further headers, so it is refused.
 */
const otlpHeaders = z.string().transform((value, ctx) => {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    const name = at === -1 ? '' : pair.slice(0, at).trim();
    let decoded: string | undefined;
    try {
      decoded = at === -1 ? undefined : decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      decoded = undefined;
    }
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || decoded === undefined || /[\r\n]/.test(decoded)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be name=value pairs separated by commas (values URL-encoded)',
      });
      return z.NEVER;
    }
    headers[name.toLowerCase()] = decoded;
  }
  return headers;
});

/**
 * OpenTelemetry's standard variables, the subset Meshplane honours. Tracing is off unless an OTLP endpoint is set;
 * off, nothing of the SDK is even loaded.
 */
export const telemetryEnvShape = {
  /** Base URL of an OTLP/HTTP receiver; traces go to `<url>/v1/traces`. Setting it switches tracing on. */
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(['http', 'https']).optional(),
  /** Full URL for traces only (used as is); wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: envUrl(['http', 'https']).optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json'], {
      message: 'must be http/protobuf or http/json (gRPC is not supported)',
    })
    .default('http/protobuf'),
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders.optional(),
  /** Defaults to the Meshplane service's own name (gateway, providers, …). */
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(255).optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(SAMPLERS, { message: `must be one of ${SAMPLERS.join(', ')}` })
    .default('parentbased_always_on'),
  /** The ratio of the *traceidratio samplers. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number({ message: 'must be a number between 0 and 1' })
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(1),
  /** Longest wait before finished spans are sent, in milliseconds. */
  OTEL_BSP_SCHEDULE_DELAY: envInt(5_000, 10, 60_000),
  /** Switches tracing off even when an endpoint is set. */
  OTEL_SDK_DISABLED: envBoolean(false),
};

export type TelemetryEnv = z.infer<z.ZodObject<typeof telemetryEnvShape>>;
