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

  it('refuses example placeholders in any variable, naming it and never echoing the value', () => {
    const env = {
      DATABASE_URL: 'postgres://app:CHANGE_ME@db.example:5432/meshplane',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_USER: 'providers',
      NATS_PASSWORD: 'CHANGE_ME_32_RANDOM_CHARACTERS_FOR_PROVIDERS',
      INTERNAL_CONTEXT_SECRET: 'CHANGE_ME_AT_LEAST_32_RANDOM_CHARACTERS',
    };
    let error: unknown;
    try {
      loadConfig(serviceEnvSchema(4101), env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => i.variable).sort()).toEqual([
      'DATABASE_URL',
      'INTERNAL_CONTEXT_SECRET',
      'NATS_PASSWORD',
    ]);
    expect(issues.every((i) => i.message.includes('placeholder'))).toBe(true);
    expect((error as ConfigError).message).not.toContain('CHANGE_ME_AT_LEAST');
    // Lower case and dashes are caught as well: `changeme`, `replace-me`.
    expect(() => loadConfig(z.object({ A: z.string() }), { A: 'my-changeme-secret' })).toThrow(/A: still/);
    expect(() => loadConfig(z.object({ A: z.string() }), { A: 'replace-me' })).toThrow(/A: still/);
  });

  it('wants NATS_USER and NATS_PASSWORD together, the password long enough', () => {
    const base = {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      NATS_URL: 'nats://127.0.0.1:4222',
      INTERNAL_CONTEXT_SECRET: 'new-secret-of-at-least-32-characters',
    };
    expect(() => loadConfig(serviceEnvSchema(4101), { ...base, NATS_USER: 'providers' })).toThrow(
      'NATS_PASSWORD: is required when NATS_USER is set',
    );
    expect(() =>
      loadConfig(serviceEnvSchema(4101), { ...base, NATS_PASSWORD: 'a-password-long-enough' }),
    ).toThrow('NATS_USER: is required when NATS_PASSWORD is set');
    expect(() =>
      loadConfig(serviceEnvSchema(4101), { ...base, NATS_USER: 'providers', NATS_PASSWORD: 'short' }),
    ).toThrow('NATS_PASSWORD: must be at least 16 characters');
    expect(() =>
      loadConfig(serviceEnvSchema(4101), {
        ...base,
        NATS_USER: 'a b',
        NATS_PASSWORD: 'a-password-long-enough',
      }),
    ).toThrow(/NATS_USER/);
    const cfg = loadConfig(serviceEnvSchema(4101), {
      ...base,
      NATS_USER: 'providers',
      NATS_PASSWORD: 'a-password-long-enough',
    });
    expect(cfg).toMatchObject({ NATS_USER: 'providers', NATS_PASSWORD: 'a-password-long-enough' });
    expect(maskSecrets(cfg).NATS_PASSWORD).toBe('***');
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
