import { describe, expect, it } from 'vitest';
import { DomainError } from '@meshplane/graphql';
import { PerformanceGenerator, PerformanceLoadModel, PerformanceProtocol } from '../graphql/profile-enums.js';
import { asDomainError, profileInputOf } from '../graphql/profile.mapper.js';
import type { PerformanceProfileInput } from '../graphql/profile.inputs.js';
import { profileFromSmp, validateProfileInput } from '../index.js';

const graphqlInput = (overrides: Partial<PerformanceProfileInput> = {}): PerformanceProfileInput => ({
  name: 'closed',
  endpoints: ['http://127.0.0.1:8080/'],
  durationMs: 1000,
  loadModel: PerformanceLoadModel.CLOSED,
  concurrency: 4,
  generator: PerformanceGenerator.WRK2,
  protocol: PerformanceProtocol.HTTP2,
  method: 'GET',
  workers: 1,
  ...overrides,
});

function domainErrorOf(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    const mapped = asDomainError(error);
    expect(mapped).toBeInstanceOf(DomainError);
    return mapped as DomainError;
  }
  throw new Error('expected an error');
}

describe('the GraphQL profile input', () => {
  it('maps enums and the flattened load model to the domain profile', () => {
    expect(profileInputOf(graphqlInput({ headers: { a: 'b' } }))).toMatchObject({
      model: { kind: 'closed', concurrency: 4 },
      generator: 'wrk2',
      protocol: 'http2',
      headers: { a: 'b' },
      labels: {},
    });
  });

  it('names the GraphQL field of a missing model parameter and of a non-string header', () => {
    const missing = domainErrorOf(() =>
      validateProfileInput(profileInputOf(graphqlInput({ loadModel: PerformanceLoadModel.OPEN }))),
    );
    expect(missing.code).toBe('BAD_USER_INPUT');
    expect((missing.details['issues'] as { field: string }[]).map((issue) => issue.field)).toEqual([
      'input.rate',
      'input.connections',
    ]);
    const header = domainErrorOf(() => profileInputOf(graphqlInput({ headers: { 'x-a': 1 } })));
    expect(header.details['field']).toBe('input.headers.x-a');
    expect(domainErrorOf(() => profileInputOf(graphqlInput({ labels: ['a'] }))).details['field']).toBe(
      'input.labels',
    );
  });

  it('names SMP field paths under document. for an imported document', () => {
    const error = domainErrorOf(() => profileFromSmp('{"duration": "1s"}'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details['field']).toMatch(/^document\./);
  });
});
