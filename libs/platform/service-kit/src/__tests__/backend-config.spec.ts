import { ConfigError, envInt } from '@meshplane/config';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineConsumer, defineStream } from '@meshplane/contracts';
import { defineBackendService, loadBackendConfig } from '../backend-service.definition.js';
import {
  buildFeatureConfig,
  defineFeature,
  loadFeatureConfig,
  type Feature,
} from '../feature/feature.definition.js';

const probeService = defineBackendService({
  name: 'kit-probe',
  version: '1.2.3',
  defaultPort: 4999,
  features: [],
});

const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:5432/meshplane',
  NATS_URL: 'nats://127.0.0.1:4222',
  INTERNAL_CONTEXT_SECRET: 'a-context-secret-of-at-least-32-characters',
};

const REGION = Symbol('REGION');
const regionFeature = defineFeature({
  name: 'region',
  config: {
    token: REGION,
    shape: {
      REGION: z.string({ message: 'is required' }),
      REGION_ZONES: envInt(1, 1, 9),
      REGION_PRIMARY_ZONE: envInt(1, 1, 9),
    },
    refine: (values, ctx) => {
      if (values.REGION_PRIMARY_ZONE > values.REGION_ZONES)
        ctx.addIssue({ code: 'custom', path: ['REGION_PRIMARY_ZONE'], message: 'must be one of the zones' });
    },
    build: (values) => ({ region: values.REGION, zones: values.REGION_ZONES }),
  },
});

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was unexpectedly accepted');
}

describe('loadBackendConfig', () => {
  it('rejects a missing DATABASE_URL, naming it', () => {
    const error = configErrorOf(() =>
      loadBackendConfig(probeService, { ...validEnv, DATABASE_URL: undefined }),
    );

    expect(error.issues.map((issue) => issue.variable)).toEqual(['DATABASE_URL']);
    expect(error.message).toContain('DATABASE_URL');
  });

  it("applies the service's default port and the common defaults when only the URLs are given", () => {
    expect(loadBackendConfig(probeService, validEnv)).toEqual({
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

  it("validates every feature's variables with the common ones at once, naming each bad one", () => {
    const service = defineBackendService({ ...probeService, features: [regionFeature] });

    const error = configErrorOf(() =>
      loadBackendConfig(service, { ...validEnv, DATABASE_URL: undefined, REGION_ZONES: 'many' }),
    );

    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'DATABASE_URL',
      'REGION',
      'REGION_ZONES',
    ]);
  });

  it("applies a feature's rules across its variables, naming the variable the rule blames", () => {
    const service = defineBackendService({ ...probeService, features: [regionFeature] });

    const error = configErrorOf(() =>
      loadBackendConfig(service, { ...validEnv, REGION: 'eu', REGION_ZONES: '2', REGION_PRIMARY_ZONE: '3' }),
    );

    expect(error.issues.map((issue) => issue.variable)).toEqual(['REGION_PRIMARY_ZONE']);
  });

  it('builds what a feature receives from its own variables only', () => {
    const service = defineBackendService({ ...probeService, features: [regionFeature] });
    const config = loadBackendConfig(service, { ...validEnv, REGION: 'eu', REGION_ZONES: '3' });

    expect(buildFeatureConfig(regionFeature, config)).toEqual({ region: 'eu', zones: 3 });
    expect(loadFeatureConfig(regionFeature, { REGION: 'us' })).toEqual({ region: 'us', zones: 1 });
  });

  it('rejects an internal context secret too short to resist guessing, naming it', () => {
    const error = configErrorOf(() =>
      loadBackendConfig(probeService, { ...validEnv, INTERNAL_CONTEXT_SECRET: 'short,also-short' }),
    );

    expect(error.issues.map((issue) => issue.variable)).toEqual(['INTERNAL_CONTEXT_SECRET']);
  });

  it('takes several comma-separated context secrets, newest first, for rotation', () => {
    const secrets = 'the-new-secret-of-at-least-32-characters, the-old-secret-of-at-least-32-characters';

    expect(loadBackendConfig(probeService, { ...validEnv, INTERNAL_CONTEXT_SECRET: secrets })).toMatchObject({
      INTERNAL_CONTEXT_SECRET: [
        'the-new-secret-of-at-least-32-characters',
        'the-old-secret-of-at-least-32-characters',
      ],
    });
  });
});

describe('defineBackendService', () => {
  class TableA {}
  class TableB {}
  class MigrationA {}
  class MigrationB {}
  class ServiceMigration {}
  const stream = defineStream({
    name: 'PROBE',
    subjects: ['probe.v1.>'],
    maxAgeMs: 60_000,
    duplicateWindowMs: 1_000,
  });
  const consumer = defineConsumer({
    stream,
    durable: 'probe-worker',
    filterSubject: 'probe.v1.>',
    ackWaitMs: 1_000,
    maxDeliver: 3,
    backoffMs: [100],
    maxAckPending: 10,
    deadLetterSubject: 'deadletter.v1.PROBE.probe-worker',
  });
  const base = defineFeature({
    name: 'base',
    entities: [TableA],
    migrations: [MigrationA],
    streams: [stream],
  });
  const top = defineFeature({
    name: 'top',
    entities: [TableB],
    migrations: [MigrationB],
    streams: [stream],
    consumers: [consumer],
    liveStreams: [stream],
    requires: [base],
  });

  it('collects what the features declare, adding a required feature the service does not list, once', () => {
    const service = defineBackendService({
      ...probeService,
      features: [top],
      migrations: [ServiceMigration],
    });

    expect(service.features.map((feature) => feature.name)).toEqual(['top', 'base']);
    expect(defineBackendService({ ...probeService, features: [base, top] }).features).toEqual([base, top]);
    expect(service.entities).toEqual([TableB, TableA]);
    expect(service.migrations).toEqual([ServiceMigration, MigrationB, MigrationA]);
    expect(service.streams).toEqual([stream]);
    expect(service.consumers).toEqual([consumer]);
    expect(service.liveStreams).toEqual([stream]);
  });

  it('refuses features that require each other', () => {
    const loop: { requires: Feature[] } & Feature = { name: 'loop', requires: [] };
    const other = defineFeature({ name: 'other', requires: [loop] });
    loop.requires.push(other);

    expect(() => defineBackendService({ ...probeService, features: [loop] })).toThrow(
      'features require each other: loop → other → loop',
    );
  });

  it('refuses two features declaring the same variable, naming both', () => {
    const twin = defineFeature({
      name: 'twin',
      config: { token: Symbol('twin'), shape: { REGION: z.string() } },
    });

    expect(() => defineBackendService({ ...probeService, features: [regionFeature, twin] })).toThrow(
      'variable REGION is declared by both region and twin',
    );
  });

  it('refuses a feature redeclaring a common variable', () => {
    const port = defineFeature({
      name: 'port',
      config: { token: Symbol('port'), shape: { PORT: z.string() } },
    });

    expect(() => defineBackendService({ ...probeService, features: [port] })).toThrow(
      'variable PORT is declared by both the service and port',
    );
  });

  it('refuses two features running the same durable consumer', () => {
    const copy = defineFeature({ name: 'copy', consumers: [consumer] });

    expect(() => defineBackendService({ ...probeService, features: [top, copy] })).toThrow(
      'durable consumer probe-worker is declared by both top and copy',
    );
  });
});
