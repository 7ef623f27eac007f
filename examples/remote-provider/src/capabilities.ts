import { SUPPORTED_SCOPES } from './oauth/token.service.js';

/** Version of docs/provider-contract.openapi.yaml this provider implements. */
export const CONTRACT_VERSION = '1.0';

/** A place in Meshplane's UI or API a provider plugs into, e.g. a navigator menu link. */
export interface ExtensionPoint {
  id: string;
  kind: string;
  title: string;
  href: string;
}

export function capabilitiesDocument(
  providerName: string,
  version: string,
  extensionPoints: readonly ExtensionPoint[],
) {
  return {
    providerName,
    providerType: 'remote',
    version,
    contractVersion: CONTRACT_VERSION,
    scopesSupported: [...SUPPORTED_SCOPES],
    features: [
      { feature: 'login', endpoint: '/oauth/authorize' },
      { feature: 'token', endpoint: '/oauth/token' },
      { feature: 'refresh', endpoint: '/oauth/token' },
      { feature: 'jwks', endpoint: '/.well-known/jwks.json' },
      { feature: 'introspection', endpoint: '/oauth/introspect' },
      { feature: 'revocation', endpoint: '/oauth/revoke' },
      { feature: 'userinfo', endpoint: '/userinfo' },
      { feature: 'persist-designs', endpoint: '/persistence/designs' },
      { feature: 'persist-performance-results', endpoint: '/persistence/performance-results' },
    ],
    extensionPoints: [...extensionPoints],
  };
}
