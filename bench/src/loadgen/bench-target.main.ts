import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Child process of the load generator bench: the Node target (used when nginx is not on PATH). Answers every request
 * with a small fixed body on keep-alive connections; prints `LISTENING <url>` once it serves.
 */
const body = Buffer.from('Hello, World!');
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
