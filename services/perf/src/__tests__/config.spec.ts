import { refusedConfigVariables } from '@meshplane/service-testing';
import { describe, expect, it } from 'vitest';
import { perfService } from '../perf.service-definition.js';

const validEnv = {
  DATABASE_URL: 'postgres://meshplane@127.0.0.1:1/meshplane',
  NATS_URL: 'nats://127.0.0.1:1',
  INTERNAL_CONTEXT_SECRET: 'a-context-secret-of-at-least-32-characters',
};

/** The variables perf's `main` refuses (bad-config.int-spec.ts shows the built process exiting on such a refusal). */
function refusedVariables(env: Record<string, string>): string[] {
  return refusedConfigVariables(perfService, env);
}

describe("perf's configuration", () => {
  it('accepts the common variables', () => {
    expect(refusedVariables(validEnv)).toEqual([]);
  });

  it('names PORT, and only PORT, when it is not a port number', () => {
    expect(refusedVariables({ ...validEnv, PORT: 'notaport' })).toEqual(['PORT']);
    expect(refusedVariables({ ...validEnv, PORT: '70000' })).toEqual(['PORT']);
  });

  it('names DATABASE_URL when it is missing', () => {
    const withoutDatabase = Object.fromEntries(
      Object.entries(validEnv).filter(([key]) => key !== 'DATABASE_URL'),
    );
    expect(refusedVariables(withoutDatabase)).toEqual(['DATABASE_URL']);
    expect(refusedVariables({ ...validEnv, DATABASE_URL: '' })).toEqual(['DATABASE_URL']);
  });
});
