import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { processEnv } from '@meshplane/config';
import { hivePeerEntryUrl } from '../hive-peer.js';

/**
 * Child process of the gateway bench: Hive Gateway on plain node:http with the supergraph in
 * SUPERGRAPH_PATH, prints `LISTENING <url>` once it serves. In-flight deduplication stays off both ways
 * (inbound is off by default; the HTTP transport dedupes identical upstream queries unless told not to),
 * so every client request costs one subgraph request, as with the other gateways.
 */
interface HiveGateway extends RequestListener {
  dispose(): Promise<void> | void;
}
interface HiveModule {
  createGatewayRuntime(config: Record<string, unknown>): HiveGateway;
}

const supergraph = processEnv()['SUPERGRAPH_PATH'];
if (!supergraph) throw new Error('SUPERGRAPH_PATH is required');
// From its own package (hive-peer.ts), by URL: untyped, as its declarations would pull the DOM library into the bench build.
const { createGatewayRuntime } = (await import(hivePeerEntryUrl())) as HiveModule;
const gateway = createGatewayRuntime({
  supergraph,
  logging: false,
  inboundInflightRequestDeduplication: false,
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
});
const server = createServer(gateway);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`LISTENING http://127.0.0.1:${port}/graphql\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void Promise.resolve(gateway.dispose()).then(() => process.exit(0));
});
