import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../compose-supergraph.js';
import { CompositionError } from '../composition.error.js';
import { subscriptionRoutes, supergraphSubgraphs } from '../supergraph-reader.js';
import { apiSchemaSdl } from '../api-schema.js';

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

const providers = {
  name: 'providers',
  url: 'http://127.0.0.1:4101/graphql',
  sdl: `${link}
    type Organization @key(fields: "id") { id: ID! name: String! }
    type Query { organizations: [Organization!]! }
    type Subscription { organizationChanged: Organization! }`,
};

const perf = {
  name: 'perf',
  url: 'http://127.0.0.1:4104/graphql',
  sdl: `${link}
    type Organization @key(fields: "id") { id: ID! runCount: Int! }
    type Query { runs: [String!]! }
    type Subscription { runProgress(runId: ID!): Float! }`,
};

describe('composeSupergraph', () => {
  it('composes subgraphs into a supergraph that records each subgraph URL', () => {
    const supergraph = composeSupergraph([providers, perf]);

    expect(supergraph).toContain('@join__graph(name: "providers", url: "http://127.0.0.1:4101/graphql")');
    expect(supergraphSubgraphs(supergraph)).toEqual([
      { name: 'perf', url: 'http://127.0.0.1:4104/graphql' },
      { name: 'providers', url: 'http://127.0.0.1:4101/graphql' },
    ]);
  });

  it('throws one error listing every composition error with the subgraph it comes from', () => {
    const broken = {
      name: 'patterns',
      url: 'http://127.0.0.1:4105/graphql',
      sdl: `${link}
        type Organization @key(fields: "id") { id: ID! name: Int! }
        type Query { designs: [String!]! runs: Int }`,
    };

    let thrown: unknown;
    try {
      composeSupergraph([providers, perf, broken]);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(CompositionError);
    const error = thrown as CompositionError;
    expect(error.issues.length).toBeGreaterThanOrEqual(2);
    expect(error.issues.flatMap((i) => i.subgraphs)).toContain('patterns');
    expect(error.message).toContain('Organization.name');
    expect(error.message).toContain('Query.runs');
  });

  it('reports an SDL syntax error with the subgraph name instead of composing', () => {
    expect(() => composeSupergraph([providers, { ...perf, sdl: 'type Query {' }])).toThrow(
      /\[perf\] INVALID_SDL/,
    );
  });
});

describe('subscriptionRoutes', () => {
  it('maps each subscription root field to the subgraph that owns it', () => {
    const routes = subscriptionRoutes(composeSupergraph([providers, perf]));

    expect(Object.fromEntries(routes)).toEqual({ organizationChanged: 'providers', runProgress: 'perf' });
  });

  it('uses the type owner when only one subgraph defines Subscription', () => {
    const routes = subscriptionRoutes(
      composeSupergraph([providers, { ...perf, sdl: perf.sdl.replace(/type Subscription .*/, '') }]),
    );

    expect([...routes]).toEqual([['organizationChanged', 'providers']]);
  });

  it('returns no routes when no subgraph has subscriptions', () => {
    const strip = (s: typeof providers) => ({ ...s, sdl: s.sdl.replace(/type Subscription .*/, '') });

    expect(subscriptionRoutes(composeSupergraph([strip(providers), strip(perf)])).size).toBe(0);
  });
});

describe('apiSchemaSdl', () => {
  it('prints what clients may query, without the join/link machinery of the supergraph', () => {
    const api = apiSchemaSdl(composeSupergraph([providers, perf]));

    expect(api).toMatch(/type Organization \{\s+id: ID!\s+runCount: Int!\s+name: String!\s+\}/);
    expect(api).toContain('runProgress(runId: ID!): Float!');
    expect(api).not.toMatch(/join__|link__|@link/);
  });
});
