import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConnectionEntity } from '../entities/connection.entity.js';
import { toConnectionModel } from '../graphql/connection.mapper.js';
import { checkNamePrefix, checkRequestedContexts } from '../import/import-input.validation.js';

describe('toConnectionModel', () => {
  it('copies display fields and maps the status, leaving the sealed credentials behind', () => {
    const row = Object.assign(new ConnectionEntity(), {
      id: randomUUID(),
      name: 'prod',
      contextName: 'prod',
      server: 'https://k8s.example',
      status: 'disconnected',
      statusMessage: 'TIMEOUT: late',
      clusterId: null,
      createdBy: 'u',
      createdAt: new Date(0),
      lastPingAt: null,
      credentials: { user: { sealed: { token: 'v1.secret' } } },
    });
    const model = toConnectionModel(row as ConnectionEntity);
    expect(model.status).toBe('DISCONNECTED');
    expect(JSON.stringify(model)).not.toContain('v1.secret');
  });
});

describe('import input validation', () => {
  it('names the field of a bad prefix or context list', () => {
    expect(checkNamePrefix(undefined)).toBe('');
    expect(() => checkNamePrefix('a\nb')).toThrow(/input\.namePrefix: must not contain control characters/);
    expect(() => checkRequestedContexts([])).toThrow(/input\.contexts: must list 1 to 100/);
    expect(() => checkRequestedContexts(['a', 'a'])).toThrow(/input\.contexts: lists a context twice/);
    expect(() => checkRequestedContexts(['ok', 'x\u0007'])).toThrow(/input\.contexts\[1\]/);
    expect(() => checkRequestedContexts(['ok', 'x\u202e'])).toThrow(/input\.contexts\[1\]: must not contain/);
    // Exact: a context name with spaces must match the kubeconfig's, so it is not trimmed.
    expect(checkRequestedContexts([' spaced '])).toEqual([' spaced ']);
  });
});
