import { composeSupergraph } from '@meshplane/graphql/composition';
import { pino } from 'pino';
import { loadGatewayConfig } from '../../src/config/gateway.config.js';
import { startGateway, type RunningGateway } from '../../src/gateway.server.js';
import { TEST_CONTEXT_SECRET, type TestIdentity } from './test-identity.js';
import { startTestSubgraph, type TestSubgraph } from './test-subgraph.js';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

const ORGS = [
  { id: 'o1', name: 'Acme' },
  { id: 'o2', name: 'Globex' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How often the orgs subgraph's `bump` mutation ran: a refused mutation must leave it unchanged. */
export const mutationRuns = { bump: 0 };

export function startOrgsSubgraph(): Promise<TestSubgraph> {
  return startTestSubgraph(
    'orgs',
    `${link}
      type Organization @key(fields: "id") { id: ID! name: String! parent: Organization }
      type Item { id: ID! }
      type Query { organizations: [Organization!]! items(first: Int): [Item!]! boom: String whoami: String length(text: String!): Int! }
      type Mutation { bump: Int! }
      type Subscription { ticks(every: Int!): Int! organizationChanged: Organization! }`,
    {
      Query: {
        organizations: () => ORGS,
        length: (_: unknown, args: { text: string }) => Buffer.byteLength(args.text),
        items: (_: unknown, args: { first?: number }) =>
          Array.from({ length: Math.min(args.first ?? 10, 50) }, (_v, i) => ({ id: `i${i}` })),
        boom: () => {
          throw new Error('connection to db-internal.cluster.local:5432 refused');
        },
      },
      Mutation: { bump: () => (mutationRuns.bump += 1) },
      Organization: { __resolveReference: (ref: { id: string }) => ORGS.find((o) => o.id === ref.id) },
      Subscription: {
        organizationChanged: {
          subscribe: async function* () {
            yield { organizationChanged: ORGS[0] };
          },
        },
        ticks: {
          subscribe: async function* (_: unknown, args: { every: number }) {
            for (let i = 1; ; i += 1) {
              await sleep(args.every);
              yield { ticks: i };
            }
          },
        },
      },
    },
  );
}

export function startRunsSubgraph(): Promise<TestSubgraph> {
  return startTestSubgraph(
    'runs',
    `${link}
      type Organization @key(fields: "id") { id: ID! runCount: Int! }
      type Query { runsHealthy: Boolean! }
      type Subscription { runProgress: Float! }`,
    {
      Query: { runsHealthy: () => true },
      Organization: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id, runCount: ref.id === 'o1' ? 3 : 7 }),
      },
      Subscription: {
        runProgress: {
          subscribe: async function* () {
            yield { runProgress: 0.5 };
          },
        },
      },
    },
  );
}

export async function startTestGateway(
  subgraphs: TestSubgraph[],
  identity: TestIdentity,
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const supergraphSdl = composeSupergraph(subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: s.sdl })));
  const fullEnv = {
    HOST: '127.0.0.1',
    PORT: '0',
    INTERNAL_CONTEXT_SECRET: TEST_CONTEXT_SECRET,
    PROVIDERS_URL: identity.url,
    ...env,
  };
  return startGateway({
    config: loadGatewayConfig(fullEnv),
    supergraphSdl,
    logger: pino({ level: 'silent' }),
    env: fullEnv,
    defaultMetrics: false,
  });
}
