import { ConfigError, loadConfig } from '@meshplane/config';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { backendConfigSchema } from '../backend-service.definition.js';
import { probeService } from './fixtures/probe.service-definition.js';

const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:5432/meshplane',
  NATS_URL: 'nats://127.0.0.1:4222',
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
      HOST: '127.0.0.1',
      PORT: 4999,
      LOG_LEVEL: 'info',
    });
  });

  it('validates the variables a service adds to the common ones', () => {
    const withRegion = { ...probeService, configShape: { REGION: z.string({ message: 'is required' }) } };

    expect(() => loadConfig(backendConfigSchema(withRegion), validEnv)).toThrow(/REGION/);
    expect(loadConfig(backendConfigSchema(withRegion), { ...validEnv, REGION: 'eu' })).toMatchObject({
      REGION: 'eu',
    });
  });
});
