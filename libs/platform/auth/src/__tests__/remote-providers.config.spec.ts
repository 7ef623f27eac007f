import { describe, expect, it } from 'vitest';
import { parseRemoteProviders, remoteProviderVerification } from '../index.js';

describe('parseRemoteProviders', () => {
  it('parses several name=url pairs and trims trailing slashes', () => {
    expect(parseRemoteProviders(' acme=https://id.acme.test/ , other=http://127.0.0.1:9000')).toEqual([
      { name: 'acme', baseUrl: 'https://id.acme.test' },
      { name: 'other', baseUrl: 'http://127.0.0.1:9000' },
    ]);
  });

  it('treats an unset or empty value as no providers', () => {
    expect(parseRemoteProviders(undefined)).toEqual([]);
    expect(parseRemoteProviders('')).toEqual([]);
  });

  it.each([
    ['https://no-name.test', /name=https/],
    ['Acme=https://x.test', /lowercase/],
    ['acme=ftp://x.test', /http\(s\) base URL/],
    ['acme=https://x.test,acme=https://y.test', /listed twice/],
  ])('rejects %s', (value, message) => {
    expect(() => parseRemoteProviders(value)).toThrow(message);
  });

  it('derives issuer and JWKS URL from the base URL', () => {
    expect(
      remoteProviderVerification({ name: 'acme', baseUrl: 'https://id.acme.test' }, 'meshplane'),
    ).toEqual({
      name: 'acme',
      issuer: 'https://id.acme.test',
      audience: 'meshplane',
      jwksUrl: 'https://id.acme.test/.well-known/jwks.json',
    });
  });
});
