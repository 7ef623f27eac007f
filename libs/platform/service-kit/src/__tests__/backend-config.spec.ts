import { ConfigError, loadConfig } from '@meshplane/config';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { backendConfigSchema, defineBackendService } from '../backend-service.definition.js';

const probeService = defineBackendService({
  name: 'kit-probe',
  version: '1.2.3',
  defaultPort: 4999,
  entities: [],
  migrations: [],
  streams: [],
  consumers: [],
  features: [],
});

const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:5432/meshplane',
  NATS_URL: 'nats://127.0.0.1:4222',
  INTERNAL_CONTEXT_SECRET: 'a-context-secret-of-at-least-32-characters',
};

function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(backendConfigSchema(probeService), env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was unexpectedly accepted');
}

describe('backendConfigSchema', () => {
  it('rejects a missing DATABASE_URL, naming it', () => {
    const error = configErrorOf({ ...validEnv, DATABASE_URL: undefined });

    expect(error.issues.map((issue) => issue.variable)).toEqual(['DATABASE_URL']);
    expect(error.message).toContain('DATABASE_URL');
  });

  it("applies the service's default port and the common defaults when only the URLs are given", () => {
    expect(loadConfig(backendConfigSchema(probeService), validEnv)).toEqual({
      ...validEnv,
      INTERNAL_CONTEXT_SECRET: [validEnv.INTERNAL_CONTEXT_SECRET],
      HOST: '127.0.0.1',
      PORT: 4999,
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 2 * 1024 * 1024,
      // Tracing: no endpoint, so off.
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_TRACES_SAMPLER_ARG: 1,
      OTEL_BSP_SCHEDULE_DELAY: 5_000,
      OTEL_SDK_DISABLED: false,
    });
  });

  it('validates the variables a service adds to the common ones', () => {
    const withRegion = { ...probeService, configShape: { REGION: z.string({ message: 'is required' }) } };

    expect(() => loadConfig(backendConfigSchema(withRegion), validEnv)).toThrow(/REGION/);
    expect(loadConfig(backendConfigSchema(withRegion), { ...validEnv, REGION: 'eu' })).toMatchObject({
      REGION: 'eu',
    });
  });

  it('rejects an internal context secret too short to resist guessing, naming it', () => {
    const error = configErrorOf({ ...validEnv, INTERNAL_CONTEXT_SECRET: 'short,also-short' });

    expect(error.issues.map((issue) => issue.variable)).toEqual(['INTERNAL_CONTEXT_SECRET']);
  });

  it('takes several comma-separated context secrets, newest first, for rotation', () => {
    const secrets = 'the-new-secret-of-at-least-32-characters, the-old-secret-of-at-least-32-characters';

    expect(
      loadConfig(backendConfigSchema(probeService), { ...validEnv, INTERNAL_CONTEXT_SECRET: secrets }),
    ).toMatchObject({
      INTERNAL_CONTEXT_SECRET: [
        'the-new-secret-of-at-least-32-characters',
        'the-old-secret-of-at-least-32-characters',
      ],
    });
  });
});
