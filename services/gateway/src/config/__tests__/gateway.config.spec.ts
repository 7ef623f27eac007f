import { ConfigError } from '@meshplane/config';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, loadSubgraphUrls, subgraphUrlVariable } from '../gateway.config.js';

const SECRET = 'a-context-secret-of-at-least-32-characters';

describe('gateway config', () => {
  it('defaults to 127.0.0.1:4000 with the documented limits, forwarding no client header', () => {
    expect(loadGatewayConfig({ INTERNAL_CONTEXT_SECRET: SECRET })).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 4000,
      BODY_LIMIT_BYTES: 2 * 1024 * 1024,
      MAX_DEPTH: 15,
      MAX_ALIASES: 30,
      MAX_COST: 10_000,
      MAX_INTROSPECTION_COST: 100_000,
      INTROSPECTION: true,
      SUBSCRIPTION_RECHECK_MS: 30_000,
      FORWARD_HEADERS: [],
      INTERNAL_CONTEXT_SECRET: [SECRET],
      LOCAL_PROVIDER_ISSUER: 'meshplane-local',
      REMOTE_PROVIDERS: [],
    });
  });

  it('refuses to forward a client-supplied internal context, and requires the secret to sign one', () => {
    expect(() =>
      loadGatewayConfig({ INTERNAL_CONTEXT_SECRET: SECRET, FORWARD_HEADERS: 'x-trace,X-Meshplane-Context' }),
    ).toThrow(/FORWARD_HEADERS: must not include x-meshplane-context/);
    expect(() => loadGatewayConfig({})).toThrow(/INTERNAL_CONTEXT_SECRET/);
  });

  it('parses remote providers and names a malformed entry', () => {
    expect(
      loadGatewayConfig({
        INTERNAL_CONTEXT_SECRET: SECRET,
        REMOTE_PROVIDERS: 'acme=https://id.acme.example/',
      }).REMOTE_PROVIDERS,
    ).toEqual([{ name: 'acme', baseUrl: 'https://id.acme.example' }]);
    expect(() =>
      loadGatewayConfig({ INTERNAL_CONTEXT_SECRET: SECRET, REMOTE_PROVIDERS: 'Acme=ftp://x' }),
    ).toThrow(/REMOTE_PROVIDERS/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty', MAX_DEPTH: '0' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a TCP port number/);
  });

  it('derives one upper snake case URL variable per subgraph', () => {
    expect(subgraphUrlVariable('meshsync-ingest')).toBe('SUBGRAPH_URL_MESHSYNC_INGEST');
  });

  it('uses the supergraph URLs unless a SUBGRAPH_URL_<NAME> variable overrides one', () => {
    const urls = loadSubgraphUrls(
      [
        { name: 'providers', url: 'http://127.0.0.1:4101/graphql' },
        { name: 'adapters-broker', url: 'http://127.0.0.1:4103/graphql' },
      ],
      { SUBGRAPH_URL_ADAPTERS_BROKER: 'http://broker.internal:8080/graphql' },
    );

    expect(Object.fromEntries(urls)).toEqual({
      providers: 'http://127.0.0.1:4101/graphql',
      'adapters-broker': 'http://broker.internal:8080/graphql',
    });
  });

  it('refuses an override that is not an http(s) URL, naming its variable', () => {
    expect(() =>
      loadSubgraphUrls([{ name: 'perf', url: 'http://127.0.0.1:4104/graphql' }], {
        SUBGRAPH_URL_PERF: 'ftp://x',
      }),
    ).toThrow(/SUBGRAPH_URL_PERF: must be a URL with scheme http or https/);
  });
});
