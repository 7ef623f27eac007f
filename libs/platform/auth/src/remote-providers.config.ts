import type { TokenProviderConfig } from './token-verifier.js';

export interface RemoteProviderEntry {
  name: string;
  baseUrl: string;
}

/** Path every remote provider serves its keys on (see docs/provider-contract.openapi.yaml). */
export const REMOTE_JWKS_PATH = '/.well-known/jwks.json';

/**
 * Parses `REMOTE_PROVIDERS="name=https://base,other=https://base2"`. Throws a message naming the bad
 * entry so that config loading can fail fast.
 */
export function parseRemoteProviders(value: string | undefined): RemoteProviderEntry[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const seen = new Set<string>();
  return entries.map((entry) => {
    const separator = entry.indexOf('=');
    const name = entry.slice(0, separator).trim();
    const baseUrl = entry
      .slice(separator + 1)
      .trim()
      .replace(/\/+$/, '');
    if (separator <= 0 || !/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new Error(`"${entry}" must look like name=https://provider.example (lowercase name)`);
    }
    if (!isHttpUrl(baseUrl)) throw new Error(`provider "${name}" needs an http(s) base URL`);
    if (seen.has(name)) throw new Error(`provider "${name}" is listed twice`);
    seen.add(name);
    return { name, baseUrl };
  });
}

/** The contract fixes `iss` to the base URL and the JWKS path, so a name and URL are all an operator gives. */
export function remoteProviderVerification(
  entry: RemoteProviderEntry,
  audience: string,
): TokenProviderConfig {
  return {
    name: entry.name,
    issuer: entry.baseUrl,
    audience,
    jwksUrl: `${entry.baseUrl}${REMOTE_JWKS_PATH}`,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
