import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Child process of the load generator bench: the Node target (used when nginx is not on PATH). Answers every request
 * with a small fixed body on keep-alive connections; prints `LISTENING <url>` once it serves. Under /delayed it answers
 * after BENCH_TARGET_DELAYED_MS: a target whose latency, not its throughput, sets a closed loop's rate (the distributed
 * scaling run).
 */
const delayedMs = Number(process.env['BENCH_TARGET_DELAYED_MS'] ?? 20);
const body = Buffer.from('Hello, World!');
const answer = (response: ServerResponse) => {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  response.end(body);
};
const server = createServer((request, response) => {
  if (request.url === '/delayed') setTimeout(answer, delayedMs, response);
  else answer(response);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
