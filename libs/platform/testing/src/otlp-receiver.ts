import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

/** One exported span, flattened out of an OTLP/JSON export request. */
export interface ReceivedSpan {
  service: string;
  scope: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: { traceId: string; spanId: string }[];
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
}

/** One export request as it arrived. */
export interface OtlpRequest {
  path: string;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface OtlpReceiver {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (requests arrive on `/v1/traces`). */
  url: string;
  requests: OtlpRequest[];
  /** Every span of every OTLP/JSON request so far. */
  spans(): ReceivedSpan[];
  /** Waits until the spans received satisfy `done`, then returns them all. */
  waitForSpans(done: (spans: ReceivedSpan[]) => boolean, description: string): Promise<ReceivedSpan[]>;
  /**
   * Settings for `startTracing` (from @meshplane/telemetry) that export OTLP/JSON here within milliseconds, or the
   * environment a process needs for the same (`OTEL_*`).
   */
  tracingSettings(service: string): LoopbackTracingSettings;
  tracingEnv(): Record<string, string>;
  close(): Promise<void>;
}

export interface LoopbackTracingSettings {
  url: string;
  protocol: 'http/json';
  headers: Record<string, string>;
  sampler: 'always_on';
  samplerRatio: number;
  exportDelayMs: number;
  resource: { serviceName: string; serviceVersion: string; serviceInstanceId: string };
}

const EXPORT_DELAY_MS = 50;

/**
 * A loopback stand-in for an OpenTelemetry collector: accepts OTLP/HTTP exports on 127.0.0.1, answers 200 and keeps
 * what it received. JSON exports are decoded into spans; protobuf ones are kept as bytes.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '/',
        contentType: req.headers['content-type'] ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const json = (req.headers['content-type'] ?? '').includes('json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const spans = () =>
    requests.filter((r) => r.contentType.includes('json')).flatMap((r) => decodeSpans(r.body));
  return {
    url,
    requests,
    spans,
    waitForSpans: async (done, description) => {
      await waitFor(() => done(spans()), { description, timeoutMs: 15_000 });
      return spans();
    },
    tracingSettings: (service) => ({
      url: `${url}/v1/traces`,
      protocol: 'http/json',
      headers: {},
      sampler: 'always_on',
      samplerRatio: 1,
      exportDelayMs: EXPORT_DELAY_MS,
      resource: { serviceName: service, serviceVersion: '0.0.0', serviceInstanceId: `${service}-test` },
    }),
    tracingEnv: () => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: String(EXPORT_DELAY_MS),
    }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface JsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}

interface JsonExport {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        name: string;
        kind: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        links?: { traceId: string; spanId: string }[];
        attributes?: JsonKeyValue[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

function decodeSpans(body: Buffer): ReceivedSpan[] {
  const parsed = JSON.parse(body.toString('utf8')) as JsonExport;
  return (parsed.resourceSpans ?? []).flatMap((resource) => {
    const service = String(attributes(resource.resource?.attributes)['service.name'] ?? '');
    return (resource.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        scope: scope.scope?.name ?? '',
        name: span.name,
        kind: span.kind,
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
        links: (span.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
        attributes: attributes(span.attributes),
        status: span.status ?? {},
      })),
    );
  });
}

function attributes(list: JsonKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (list ?? []).map(({ key, value }) => [key, Object.values(value)[0]] as [string, unknown]),
  );
}
