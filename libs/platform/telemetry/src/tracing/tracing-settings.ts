import type { TelemetryEnv, TraceSampler } from '@meshplane/config';

export type OtlpProtocol = TelemetryEnv['OTEL_EXPORTER_OTLP_PROTOCOL'];

/** Everything the SDK is started with: where spans go, how they are sampled, who sends them. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL, used as is. */
  url: string;
  protocol: OtlpProtocol;
  headers: Readonly<Record<string, string>>;
  sampler: TraceSampler;
  samplerRatio: number;
  exportDelayMs: number;
  resource: {
    serviceName: string;
    serviceVersion: string;
    serviceInstanceId: string;
  };
}

/** Who sends the spans (a runtime ServiceIdentity fits). */
export interface TracedService {
  service: string;
  version: string;
  instance: string;
}

/** The settings tracing starts with, or undefined when it stays off (no endpoint, or OTEL_SDK_DISABLED). */
export function tracingSettings(env: TelemetryEnv, service: TracedService): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED) return undefined;
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (url === undefined) return undefined;
  return {
    url,
    protocol: env.OTEL_EXPORTER_OTLP_PROTOCOL,
    headers: env.OTEL_EXPORTER_OTLP_HEADERS ?? {},
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG,
    exportDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
    resource: {
      serviceName: env.OTEL_SERVICE_NAME ?? service.service,
      serviceVersion: service.version,
      serviceInstanceId: service.instance,
    },
  };
}

/** OpenTelemetry's rule for the generic endpoint: the signal's path is appended to it. */
function tracesUrl(base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  return new URL('v1/traces', base.endsWith('/') ? base : `${base}/`).toString();
}
