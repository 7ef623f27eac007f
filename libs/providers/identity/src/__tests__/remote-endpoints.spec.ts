import { describe, expect, it } from 'vitest';
import { capabilitiesSchema } from '../remote/capabilities.schema.js';
import { recordUrl } from '../result-sync/result-sync.service.js';

const document = (endpoint: string) => ({
  providerName: 'acme',
  providerType: 'remote',
  version: '1.0.0',
  contractVersion: '1.0',
  features: [{ feature: 'persist-performance-results', endpoint }],
});

describe("a provider's advertised endpoints", () => {
  it('accepts paths on the provider', () => {
    for (const endpoint of ['/persistence/performance-results', '/v1/results', '/a-b_c.d~e/%7Euser'])
      expect(capabilitiesSchema.safeParse(document(endpoint)).success, endpoint).toBe(true);
  });

  it('refuses anything that could name another origin, a query or a fragment', () => {
    for (const endpoint of [
      '//169.254.169.254/latest',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/x',
      '/results?to=evil',
      '/results#x',
      '/with space',
      '/new\nline',
      `/${'a'.repeat(300)}`,
    ])
      expect(capabilitiesSchema.safeParse(document(endpoint)).success, endpoint).toBe(false);
  });

  it("builds a record's URL on the endpoint's own origin, the id encoded", () => {
    const endpoint = new URL('https://id.acme.example/base/persistence/performance-results/');
    expect(recordUrl(endpoint, '0b7c9f0e-0000-4000-8000-000000000001').href).toBe(
      'https://id.acme.example/base/persistence/performance-results/0b7c9f0e-0000-4000-8000-000000000001',
    );
    expect(recordUrl(endpoint, '../../admin').href).toBe(
      'https://id.acme.example/base/persistence/performance-results/..%2F..%2Fadmin',
    );
    // Even a path that would resolve to another host as a relative reference stays on the provider.
    const odd = new URL('https://id.acme.example');
    odd.pathname = '//169.254.169.254/x';
    expect(recordUrl(odd, 'r1').origin).toBe('https://id.acme.example');
  });
});
