import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { BENCH_SUBGRAPH_SDL, catalog } from './bench-subgraph.schema.js';

/** Child process of the gateway bench: prints `LISTENING <url>` once it serves. */
const server = new ApolloServer({
  schema: buildSubgraphSchema({
    typeDefs: parse(BENCH_SUBGRAPH_SDL),
    resolvers: { Query: { catalog: (_: unknown, args: { id: string }) => catalog(args.id) } },
  }),
});
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
process.stdout.write(`LISTENING ${url}graphql\n`);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
