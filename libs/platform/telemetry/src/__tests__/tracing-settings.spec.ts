import { ConfigError, loadConfig, telemetryEnvShape } from '@meshplane/config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tracingSettings } from '../index.js';

const service = { service: 'providers', version: '1.2.3', instance: 'host-1-abc' };
const settingsFor = (env: Record<string, string>) =>
  tracingSettings(loadConfig(z.object(telemetryEnvShape), env), service);

describe('tracingSettings', () => {
  it('keeps tracing off without an endpoint, and when OTEL_SDK_DISABLED says so', () => {
    expect(settingsFor({})).toBeUndefined();
    expect(
      settingsFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBeUndefined();
  });

  it('sends to <endpoint>/v1/traces with protobuf, samples everything and names the service by default', () => {
    expect(settingsFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp' })).toEqual({
      url: 'http://collector:4318/otlp/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      exportDelayMs: 5_000,
      resource: { serviceName: 'providers', serviceVersion: '1.2.3', serviceInstanceId: 'host-1-abc' },
    });
  });

  it('uses the traces endpoint as is, and takes the operator’s protocol, headers, sampler and service name', () => {
    expect(
      settingsFor({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/custom/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D, x-tenant=ops',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_SERVICE_NAME: 'providers-eu',
      }),
    ).toMatchObject({
      url: 'https://collector.example/custom/traces',
      protocol: 'http/json',
      headers: { 'x-api-key': 'abc==', 'x-tenant': 'ops' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      resource: { serviceName: 'providers-eu' },
    });
  });

  it('names each malformed variable', () => {
    let error: unknown;
    try {
      settingsFor({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%0D%0Ainjected: yes',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '2',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_HEADERS',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
    expect((error as ConfigError).message).not.toContain('abc');
  });
});
