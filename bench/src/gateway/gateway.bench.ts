import { processEnv } from '@meshplane/config';
import { composeSupergraph } from '@meshplane/graphql';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_QUERY, BENCH_SUBGRAPH_SDL, BENCH_VARIABLES } from './bench-subgraph.schema.js';
import { startChild, type StartedChild } from './child-process.js';
import { closedLoop, LoadClient, openLoop, type LatencySummary } from './load-generator.js';

/**
 * Gateway overhead: the same query sent straight to a subgraph and through the real gateway
 * (services/gateway/dist/main.js), each in its own process. Prints a table, then one JSON line.
 */
const RATE = 500;
const OPEN_LOOP_SECONDS = 10;
const WARMUP_SECONDS = 3;
const CLOSED_LOOP_SECONDS = 8;
const CONCURRENCY = 16;
const CONNECTIONS = 64;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const GATEWAY_MAIN = here('../../../services/gateway/dist/main.js');
const SUBGRAPH_MAIN = here('./bench-subgraph.main.js');

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'meshplane-gateway-bench-'));
  const children: StartedChild[] = [];
  try {
    const subgraph = await startChild(SUBGRAPH_MAIN, processEnv(), /^LISTENING /);
    children.push(subgraph);
    const subgraphUrl = subgraph.readyLine.slice('LISTENING '.length);
    const supergraphPath = join(workDir, 'supergraph.graphql');
    writeFileSync(
      supergraphPath,
      composeSupergraph([{ name: 'bench', url: subgraphUrl, sdl: BENCH_SUBGRAPH_SDL }]),
    );
    const gateway = await startChild(
      GATEWAY_MAIN,
      { ...processEnv(), HOST: '127.0.0.1', PORT: '0', SUPERGRAPH_PATH: supergraphPath, LOG_LEVEL: 'info' },
      /gateway listening/,
    );
    children.push(gateway);
    const gatewayUrl = (JSON.parse(gateway.readyLine) as { url: string }).url;

    const body = JSON.stringify({ query: BENCH_QUERY, variables: BENCH_VARIABLES });
    const direct = new LoadClient({ url: subgraphUrl, body }, CONNECTIONS);
    const through = new LoadClient({ url: gatewayUrl, body }, CONNECTIONS);
    await assertAnswers(direct, 'subgraph');
    await assertAnswers(through, 'gateway');

    await openLoop(direct, RATE, WARMUP_SECONDS);
    const directLatency = await openLoop(direct, RATE, OPEN_LOOP_SECONDS);
    await openLoop(through, RATE, WARMUP_SECONDS);
    const gatewayLatency = await openLoop(through, RATE, OPEN_LOOP_SECONDS);
    const directThroughput = await closedLoop(direct, CONCURRENCY, CLOSED_LOOP_SECONDS);
    const gatewayThroughput = await closedLoop(through, CONCURRENCY, CLOSED_LOOP_SECONDS);
    await Promise.all([direct.close(), through.close()]);

    const result = {
      p50AddedMs: round(gatewayLatency.p50Ms - directLatency.p50Ms),
      p99AddedMs: round(gatewayLatency.p99Ms - directLatency.p99Ms),
      throughputRatio: round(gatewayThroughput.requestsPerSecond / directThroughput.requestsPerSecond),
      rate: RATE,
      directP50Ms: round(directLatency.p50Ms),
      directP99Ms: round(directLatency.p99Ms),
      gatewayP50Ms: round(gatewayLatency.p50Ms),
      gatewayP99Ms: round(gatewayLatency.p99Ms),
      directRps: Math.round(directThroughput.requestsPerSecond),
      gatewayRps: Math.round(gatewayThroughput.requestsPerSecond),
      errors:
        directLatency.errors + gatewayLatency.errors + directThroughput.errors + gatewayThroughput.errors,
    };
    printTable(directLatency, gatewayLatency, result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function assertAnswers(client: LoadClient, name: string): Promise<void> {
  if (!(await client.send())) throw new Error(`the ${name} did not answer the bench query without errors`);
}

function printTable(
  direct: LatencySummary,
  gateway: LatencySummary,
  result: {
    p50AddedMs: number;
    p99AddedMs: number;
    directRps: number;
    gatewayRps: number;
    throughputRatio: number;
  },
): void {
  const row = (cells: (string | number)[]) => cells.map((c) => String(c).padStart(14)).join('');
  const lines = [
    `Open loop, ${RATE} req/s for ${OPEN_LOOP_SECONDS} s (after ${WARMUP_SECONDS} s warm-up)`,
    row(['', 'p50 ms', 'p99 ms', 'max ms', 'errors']),
    row(['direct', round(direct.p50Ms), round(direct.p99Ms), round(direct.maxMs), direct.errors]),
    row(['gateway', round(gateway.p50Ms), round(gateway.p99Ms), round(gateway.maxMs), gateway.errors]),
    row(['added', result.p50AddedMs, result.p99AddedMs, '', '']),
    '',
    `Closed loop, ${CONCURRENCY} concurrent for ${CLOSED_LOOP_SECONDS} s`,
    row(['', 'req/s']),
    row(['direct', result.directRps]),
    row(['gateway', result.gatewayRps]),
    row(['ratio', result.throughputRatio]),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
