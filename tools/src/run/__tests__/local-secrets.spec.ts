import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocalSecrets } from '../local-secrets.js';

describe('loadLocalSecrets', () => {
  it('generates the at-rest keys once and returns the same ones on every later run', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mp-secrets-'));

    const first = loadLocalSecrets(dataDir, {});
    const second = loadLocalSecrets(dataDir, {});

    expect(second).toEqual(first);
    expect(Buffer.from(first.PROVIDERS_KEY_SECRET, 'base64')).toHaveLength(32);
    expect(first.CREDENTIALS_KEYS).toMatch(/^local1:[A-Za-z0-9+/]{43}=$/);
    expect(statSync(join(dataDir, 'run', 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it("lets the operator's variables win over the stored keys", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mp-secrets-'));

    const secrets = loadLocalSecrets(dataDir, { CREDENTIALS_KEYS: 'k9:from-the-operator' });

    expect(secrets.CREDENTIALS_KEYS).toBe('k9:from-the-operator');
    expect(loadLocalSecrets(dataDir, {}).CREDENTIALS_KEYS).not.toBe('k9:from-the-operator');
  });
});
