import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';
import { disableVendorTelemetry, processEnv } from '@meshplane/config';

/**
 * Child process of the gateway bench: stock `@apollo/gateway` behind `@apollo/server`'s standalone
 * server, defaults throughout, with the supergraph in SUPERGRAPH_PATH; prints `LISTENING <url>`.
 */
const supergraph = processEnv()['SUPERGRAPH_PATH'];
if (!supergraph) throw new Error('SUPERGRAPH_PATH is required');
// Apollo's telemetry exporter probes cloud metadata addresses at start; everything here stays on loopback.
disableVendorTelemetry();
const server = new ApolloServer({
  gateway: new ApolloGateway({ supergraphSdl: readFileSync(supergraph, 'utf8') }),
});
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
process.stdout.write(`LISTENING ${url}graphql\n`);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
