import { processEnv } from '@meshplane/config';
import { composeSupergraph } from '@meshplane/graphql';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_QUERY, BENCH_SUBGRAPH_SDL, BENCH_VARIABLES } from './bench-subgraph.schema.js';
import { startChild, type StartedChild } from './child-process.js';
import {
  closedLoop,
  LatencyRecorder,
  LoadClient,
  openLoop,
  type LatencySummary,
  type ThroughputSummary,
} from './load-generator.js';
import { processCpuMs } from './process-cpu.js';

/**
 * Gateway overhead: the same query sent straight to a subgraph and through the real gateway
 * (services/gateway/dist/main.js), each in its own process. Prints a table, then one JSON line.
 */
const RATE = 500;
const OPEN_LOOP_SECONDS = 10;
/** Direct and gateway runs alternate in slices, so a burst of other work on the machine hits both alike. */
const OPEN_LOOP_SLICES = 5;
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

    const { directLatency, gatewayLatency } = await measureLatency(direct, through);
    const cpu = () => ({ subgraph: cpuOf(subgraph), gateway: cpuOf(gateway) });
    const beforeDirect = cpu();
    const directThroughput = await closedLoop(direct, CONCURRENCY, CLOSED_LOOP_SECONDS);
    const beforeGateway = cpu();
    const gatewayThroughput = await closedLoop(through, CONCURRENCY, CLOSED_LOOP_SECONDS);
    const afterGateway = cpu();
    const perRequest = (ms: number, run: ThroughputSummary) => round(ms / run.requests);
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
      subgraphCpuMsPerRequest: perRequest(beforeGateway.subgraph - beforeDirect.subgraph, directThroughput),
      gatewayCpuMsPerRequest: perRequest(afterGateway.gateway - beforeGateway.gateway, gatewayThroughput),
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

async function measureLatency(direct: LoadClient, through: LoadClient) {
  const warmUp = await LatencyRecorder.create();
  const directRecorder = await LatencyRecorder.create();
  const gatewayRecorder = await LatencyRecorder.create();
  try {
    await openLoop(direct, RATE, WARMUP_SECONDS, warmUp);
    await openLoop(through, RATE, WARMUP_SECONDS, warmUp);
    const slice = OPEN_LOOP_SECONDS / OPEN_LOOP_SLICES;
    for (let i = 0; i < OPEN_LOOP_SLICES; i += 1) {
      await openLoop(direct, RATE, slice, directRecorder);
      await openLoop(through, RATE, slice, gatewayRecorder);
    }
    return { directLatency: directRecorder.summary(), gatewayLatency: gatewayRecorder.summary() };
  } finally {
    for (const recorder of [warmUp, directRecorder, gatewayRecorder]) recorder.destroy();
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
    subgraphCpuMsPerRequest: number;
    gatewayCpuMsPerRequest: number;
  },
): void {
  const row = (cells: (string | number)[]) => cells.map((c) => String(c).padStart(14)).join('');
  const lines = [
    `Open loop, ${RATE} req/s for ${OPEN_LOOP_SECONDS} s each, in ${OPEN_LOOP_SLICES} alternating slices (after ${WARMUP_SECONDS} s warm-up)`,
    row(['', 'p50 ms', 'p99 ms', 'max ms', 'errors']),
    row(['direct', round(direct.p50Ms), round(direct.p99Ms), round(direct.maxMs), direct.errors]),
    row(['gateway', round(gateway.p50Ms), round(gateway.p99Ms), round(gateway.maxMs), gateway.errors]),
    row(['added', result.p50AddedMs, result.p99AddedMs, '', '']),
    '',
    `Closed loop, ${CONCURRENCY} concurrent for ${CLOSED_LOOP_SECONDS} s (CPU: the subgraph's when direct, the gateway's own when through it)`,
    row(['', 'req/s', 'CPU ms/req']),
    row(['direct', result.directRps, result.subgraphCpuMsPerRequest]),
    row(['gateway', result.gatewayRps, result.gatewayCpuMsPerRequest]),
    row(['ratio', result.throughputRatio]),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function cpuOf(child: StartedChild): number {
  const pid = child.process.pid;
  if (pid === undefined) throw new Error('child process has no pid');
  return processCpuMs(pid);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
