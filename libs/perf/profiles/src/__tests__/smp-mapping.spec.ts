import { SmpValidationError } from '@meshplane/perf-smp';
import { describe, expect, it } from 'vitest';
import { profileFromSmp, profileToSmp, validateProfileInput } from '../index.js';
import { validProfile } from './fixtures.js';

function smpPaths(text: string): string[] {
  try {
    profileFromSmp(text, 'fallback');
  } catch (error) {
    expect(error).toBeInstanceOf(SmpValidationError);
    return (error as SmpValidationError).issues.map((issue) => issue.path);
  }
  return [];
}

describe('SMP import/export of profiles', () => {
  it('round-trips an open-model profile through YAML and JSON unchanged', () => {
    const profile = validateProfileInput(validProfile());
    for (const format of ['yaml', 'json'] as const) {
      const text = profileToSmp(profile, format, 'p-1');
      expect(profileFromSmp(text)).toEqual(profile);
    }
  });

  it('round-trips a closed-model HTTP/2 GET profile (protocol and method travel in labels)', () => {
    const profile = validateProfileInput({
      ...validProfile(),
      model: { kind: 'closed', concurrency: 16 },
      protocol: 'http2',
      method: 'PUT',
      body: undefined,
      workers: 1,
    });
    delete (profile as { body?: string }).body;
    const text = profileToSmp(profile, 'yaml');
    expect(text).toContain('meshplane.io/method: PUT');
    expect(profileFromSmp(text)).toEqual(profile);
  });

  it('names the profile after the document, or the fallback when it has none', () => {
    const text = 'duration: 10s\nclients:\n  - endpoint_urls: [http://127.0.0.1:9/]\n    connections: 2\n';
    const profile = profileFromSmp(text, 'imported');
    expect(profile.name).toBe('imported');
    expect(profile.model).toEqual({ kind: 'closed', concurrency: 2 });
    expect(profile.method).toBe('GET');
  });

  it('names the SMP field path for a profile rule the SMP schema itself allows', () => {
    const doc = (header: string, name = 'bad'): string =>
      `name: ${name}\nduration: 10s\nclients:\n  - endpoint_urls: ["http://127.0.0.1/x"]\n    connections: 2\n    headers: { ${header} }\n`;
    expect(smpPaths(doc('"x-a": "v\\u0007"'))).toEqual(['clients[0].headers.x-a']);
    expect(smpPaths(doc('"x-a": "v"', 'n'.repeat(101)))).toEqual(['name']);
    expect(smpPaths(doc('"x-a": "v"'))).toEqual([]);
  });

  it('passes on the SMP parser field paths', () => {
    expect(
      smpPaths('duration: 10s\nclients:\n  - endpoint_urls: [http://127.0.0.1/]\n    rps: -1\n'),
    ).toContain('clients[0].rps');
  });
});
