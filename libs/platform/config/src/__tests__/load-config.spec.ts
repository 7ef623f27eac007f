import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, maskSecrets, serviceEnvSchema } from '../index.js';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const cfg = loadConfig(serviceEnvSchema(4101), {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      NATS_URL: 'nats://127.0.0.1:4222',
      INTERNAL_CONTEXT_SECRET: 'new-secret-of-at-least-32-characters,old-secret-of-at-least-32-characters',
    });
    expect(cfg.PORT).toBe(4101);
    expect(cfg.INTERNAL_CONTEXT_SECRET).toEqual([
      'new-secret-of-at-least-32-characters',
      'old-secret-of-at-least-32-characters',
    ]);
    expect(cfg.HOST).toBe('127.0.0.1');
    expect(cfg.LOG_LEVEL).toBe('info');
  });

  it('names every missing or malformed variable', () => {
    let error: unknown;
    try {
      loadConfig(serviceEnvSchema(4101), {
        PORT: '99999',
        DATABASE_URL: 'mysql://x',
        NATS_URL: '',
        INTERNAL_CONTEXT_SECRET: 'too-short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(vars).toEqual(['DATABASE_URL', 'INTERNAL_CONTEXT_SECRET', 'NATS_URL', 'PORT']);
    expect((error as ConfigError).message).toContain(
      'DATABASE_URL: must be a URL with scheme postgres or postgresql',
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig(z.object({ A: z.string().default('x') }), { A: '  ' }).A).toBe('x');
  });
});

describe('maskSecrets', () => {
  it('hides passwords in URLs and secret-named keys', () => {
    const masked = maskSecrets({
      DATABASE_URL: 'postgres://app:hunter2@db/x',
      INTERNAL_SECRET: 'abc',
      PORT: 1,
    });
    expect(masked.DATABASE_URL).toBe('postgres://app:***@db/x');
    expect(masked.INTERNAL_SECRET).toBe('***');
    expect(masked.PORT).toBe(1);
  });
});
