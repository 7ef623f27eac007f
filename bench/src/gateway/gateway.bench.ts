// First: every connection of this process, and (through LOOPBACK_ONLY_NODE_ARGS) of its children, stays on loopback.
import '../loopback-only.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMode, round } from '../bench-mode.js';
import { BENCH_QUERY, BENCH_VARIABLES } from './bench-subgraph.schema.js';
import { HIVE_PEER_DIR, hivePeerInstalled } from './hive-peer.js';
import type { StartedChild } from './child-process.js';
import {
  GATEWAY_NAMES,
  startTargets,
  type GatewayName,
  type RunningTarget,
  type TargetName,
} from './gateway-targets.js';
import { closedLoop, LatencyRecorder, LoadClient, openLoop, type LatencySummary } from './load-generator.js';
import { processCpuMs } from './process-cpu.js';
import { processEnv } from '@meshplane/config';

/**
 * Gateway overhead against its peers. The same query is sent straight to a subgraph (the reference) and
 * through the Meshplane gateway (services/gateway/dist/main.js), stock `@apollo/gateway` + `@apollo/server`,
 * and Hive Gateway, each in its own process on 127.0.0.1. Every round visits every target in a rotated
 * order: an open-loop slice at a fixed rate (latency measured from each request's scheduled start, so a
 * stall counts for every request it delays: no coordinated omission), then a closed loop (throughput).
 * Figures are relative to the reference measured in the same run: added p50/p99 latency, throughput
 * ratio, CPU per request (the gateway process's own, at the fixed rate) over the subgraph's. Per-round
 * figures show drift. Prints a table, then one JSON line. Exits non-zero when any request failed or a
 * figure could not be computed.
 *
 * `--smoke` / BENCH_SMOKE=1: a few seconds at a low rate (the test command runs it; figures meaningless).
 * BENCH_GATEWAYS=meshplane,apollo,hive picks gateways; BENCH_ROUNDS, BENCH_SLICE_SECONDS override the plan;
 * BENCH_MESHPLANE_NODE_ARGS passes Node flags to the Meshplane gateway (e.g. `--cpu-prof --trace-gc`).
 */
interface Plan {
  rate: number;
  rounds: number;
  /** Open-loop seconds per target per round. */
  sliceSeconds: number;
  warmupSeconds: number;
  /** Closed-loop seconds per target per round. */
  closedSeconds: number;
  concurrency: number;
}

const FULL: Plan = {
  rate: 500,
  rounds: 5,
  sliceSeconds: 20,
  warmupSeconds: 5,
  closedSeconds: 5,
  concurrency: 16,
};
const SMOKE: Plan = {
  rate: 200,
  rounds: 2,
  sliceSeconds: 0.5,
  warmupSeconds: 0.25,
  closedSeconds: 0.25,
  concurrency: 8,
};
const CONNECTIONS = 64;

interface RoundFigures {
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per request of the target's process during its open-loop slice. */
  cpuMsPerRequest: number;
  closedRps: number;
  closedCpuMsPerRequest: number;
}

interface TargetRun {
  target: RunningTarget;
  client: LoadClient;
  recorder: LatencyRecorder;
  rounds: RoundFigures[];
  openCpuMs: number;
  openRequests: number;
  closedRequests: number;
  closedSeconds: number;
  closedErrors: number;
}

async function main(): Promise<number> {
  const mode = benchMode();
  const plan = planFromEnv(mode.smoke ? SMOKE : FULL);
  const gateways = withHivePeer(gatewaysFromEnv(), mode.smoke);
  const loadBefore = loadavg();
  const workDir = mkdtempSync(join(tmpdir(), 'meshplane-gateway-bench-'));
  const children: StartedChild[] = [];
  const runs: TargetRun[] = [];
  try {
    const targets = await startTargets({
      workDir,
      gateways,
      children,
      meshplaneExecArgv: splitArgs(processEnv()['BENCH_MESHPLANE_NODE_ARGS']),
    });
    const body = JSON.stringify({ query: BENCH_QUERY, variables: BENCH_VARIABLES });
    for (const target of targets) {
      runs.push({
        target,
        client: new LoadClient({ url: target.url, body }, CONNECTIONS),
        recorder: await LatencyRecorder.create(),
        rounds: [],
        openCpuMs: 0,
        openRequests: 0,
        closedRequests: 0,
        closedSeconds: 0,
        closedErrors: 0,
      });
    }
    await assertSameAnswers(runs);

    // Warm-up, the same for every target and never counted: an open-loop slice at the measured rate, then a
    // closed loop, so each process's JIT has optimised its hot paths and its heap has grown to its working
    // size before the first measured round (without the closed loop, the first round's p99 measured the
    // V8 tier-up and early heap growth: 9 ms in round 1 against 2.5 ms in round 2 for the same gateway).
    const warmUp = await LatencyRecorder.create();
    for (const run of runs) {
      await openLoop(run.client, plan.rate, plan.warmupSeconds, warmUp);
      await closedLoop(run.client, plan.concurrency, plan.warmupSeconds);
    }
    warmUp.destroy();

    for (let round = 0; round < plan.rounds; round += 1) {
      // Rotated order: no target always runs right after another one's closed loop heated the machine.
      const order = runs.map((_, i) => runs[(i + round) % runs.length] as TargetRun);
      const figures = new Map<TargetRun, Partial<RoundFigures>>(order.map((run) => [run, {}]));
      for (const run of order) {
        const slice = await LatencyRecorder.create();
        const cpuBefore = cpuOf(run.target);
        await openLoop(run.client, plan.rate, plan.sliceSeconds, slice, run.recorder);
        const cpuMs = cpuOf(run.target) - cpuBefore;
        const summary = slice.summary();
        slice.destroy();
        run.openCpuMs += cpuMs;
        run.openRequests += summary.requests;
        Object.assign(figures.get(run) ?? {}, {
          p50Ms: summary.p50Ms,
          p99Ms: summary.p99Ms,
          cpuMsPerRequest: cpuMs / summary.requests,
        });
      }
      for (const run of order) {
        const cpuBefore = cpuOf(run.target);
        const closed = await closedLoop(run.client, plan.concurrency, plan.closedSeconds);
        const cpuMs = cpuOf(run.target) - cpuBefore;
        run.closedRequests += closed.requests;
        run.closedErrors += closed.errors;
        run.closedSeconds += closed.requests / closed.requestsPerSecond;
        Object.assign(figures.get(run) ?? {}, {
          closedRps: closed.requestsPerSecond,
          closedCpuMsPerRequest: cpuMs / closed.requests,
        });
      }
      for (const run of runs) run.rounds.push(figures.get(run) as RoundFigures);
    }

    const result = summarize(plan, mode.smoke, runs, loadBefore);
    printTable(plan, runs, result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    const problems = validate(plan, runs, result, mode.smoke);
    for (const problem of problems) process.stderr.write(`gateway bench: ${problem}\n`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    for (const run of runs) {
      run.recorder.destroy();
      await run.client.close();
    }
    await Promise.all(children.map((c) => c.stop()));
    rmSync(workDir, { recursive: true, force: true });
  }
}

type GatewayFigures = ReturnType<typeof gatewayFigures>;

function summarize(plan: Plan, smoke: boolean, runs: TargetRun[], loadBefore: number[]) {
  const direct = runOf(runs, 'direct');
  const reference = {
    ...latencyFigures(direct.recorder.summary()),
    rps: Math.round(direct.closedRequests / direct.closedSeconds),
    subgraphCpuMsPerRequest: round3(direct.openCpuMs / direct.openRequests),
  };
  const gateways: Partial<Record<GatewayName, GatewayFigures>> = {};
  for (const run of runs) {
    if (run.target.name !== 'direct') gateways[run.target.name] = gatewayFigures(run, direct);
  }
  return {
    bench: 'gateway',
    smoke,
    rate: plan.rate,
    rounds: plan.rounds,
    samplesPerTarget: direct.recorder.summary().requests,
    reference,
    gateways,
    errors: runs.reduce((sum, run) => sum + run.recorder.summary().errors + run.closedErrors, 0),
    loadAvg1: { before: round(loadBefore[0] ?? 0), after: round(loadavg()[0] ?? 0) },
  };
}

function gatewayFigures(run: TargetRun, direct: TargetRun) {
  const latency = run.recorder.summary();
  const reference = direct.recorder.summary();
  const cpuMsPerRequest = run.openCpuMs / run.openRequests;
  const subgraphCpu = direct.openCpuMs / direct.openRequests;
  const rps = run.closedRequests / run.closedSeconds;
  const directRps = direct.closedRequests / direct.closedSeconds;
  const byRound = run.rounds.map((figures, i) => {
    const reference = direct.rounds[i] as RoundFigures;
    return {
      p99AddedMs: round(figures.p99Ms - reference.p99Ms),
      throughputRatio: round3(figures.closedRps / reference.closedRps),
      rps: Math.round(figures.closedRps),
      cpuMsPerRequest: round3(figures.cpuMsPerRequest),
      closedCpuMsPerRequest: round3(figures.closedCpuMsPerRequest),
    };
  });
  return {
    p50AddedMs: round(latency.p50Ms - reference.p50Ms),
    p99AddedMs: round(latency.p99Ms - reference.p99Ms),
    p999AddedMs: round(latency.p999Ms - reference.p999Ms),
    throughputRatio: round3(rps / directRps),
    cpuMsPerRequest: round3(cpuMsPerRequest),
    cpuRatio: round3(cpuMsPerRequest / subgraphCpu),
    ...latencyFigures(latency),
    rps: Math.round(rps),
    byRound,
  };
}

function latencyFigures(summary: LatencySummary) {
  return {
    p50Ms: round(summary.p50Ms),
    p99Ms: round(summary.p99Ms),
    p999Ms: round(summary.p999Ms),
    maxMs: round(summary.maxMs),
  };
}

/** Why the figures cannot be trusted (any failed request, a missing or non-finite figure); empty if none. */
function validate(
  plan: Plan,
  runs: TargetRun[],
  result: ReturnType<typeof summarize>,
  smoke: boolean,
): string[] {
  const problems: string[] = [];
  const expected = Math.round(plan.rate * plan.sliceSeconds) * plan.rounds;
  for (const run of runs) {
    const { requests, errors } = run.recorder.summary();
    if (requests !== expected) problems.push(`${run.target.name}: ${requests} samples, expected ${expected}`);
    if (errors + run.closedErrors > 0) {
      const failed = `${run.target.name}: ${errors + run.closedErrors} requests failed (first: ${run.client.firstFailure ?? 'unknown'})`;
      // A peer gateway (the figures' yardsticks) failing on a machine loaded far past its cores says nothing about
      // Meshplane: the smoke notes it. Meshplane's own gateway and the direct reference are held to no failure.
      if (isSaturatedPeer(smoke, run.target.name))
        process.stderr.write(`gateway bench (noted, machine saturated): ${failed}\n`);
      else problems.push(failed);
    }
  }
  const numbers: [string, unknown][] = [];
  const collect = (path: string, value: unknown): void => {
    if (typeof value === 'number') numbers.push([path, value]);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) collect(`${path}.${key}`, inner);
  };
  collect('result', result);
  for (const [path, value] of numbers)
    if (!Number.isFinite(value)) problems.push(`${path} is ${String(value)}`);
  return problems;
}

/** Each gateway must return what the subgraph returns, or the comparison means nothing. */
async function assertSameAnswers(runs: TargetRun[]): Promise<void> {
  const expected = await dataOf(runOf(runs, 'direct'));
  for (const run of runs) {
    const data = await dataOf(run);
    if (data !== expected)
      throw new Error(
        `${run.target.name} answered ${data.slice(0, 200)}, the subgraph ${expected.slice(0, 200)}`,
      );
  }
}

async function dataOf(run: TargetRun): Promise<string> {
  const { status, text } = await run.client.answer();
  const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (status !== 200 || parsed.errors !== undefined || parsed.data === undefined)
    throw new Error(`${run.target.name} did not answer the bench query (${status}): ${text.slice(0, 300)}`);
  return JSON.stringify(parsed.data);
}

function printTable(plan: Plan, runs: TargetRun[], result: ReturnType<typeof summarize>): void {
  const row = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(11))).join('');
  const lines = [
    `Open loop ${plan.rate} req/s, ${plan.rounds} rounds × ${plan.sliceSeconds} s per target (${result.samplesPerTarget} samples each),`,
    `closed loop of ${plan.concurrency} for ${plan.closedSeconds} s per target per round; load average ${result.loadAvg1.before} → ${result.loadAvg1.after}`,
    row([
      '',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
      '+p50 ms',
      '+p99 ms',
      'req/s',
      'ratio',
      'CPU ms/req',
      'CPU ratio',
    ]),
  ];
  const { reference } = result;
  lines.push(
    row([
      'direct',
      reference.p50Ms,
      reference.p99Ms,
      reference.p999Ms,
      reference.maxMs,
      '',
      '',
      reference.rps,
      1,
      reference.subgraphCpuMsPerRequest,
      1,
    ]),
  );
  for (const run of runs) {
    if (run.target.name === 'direct') continue;
    const g = result.gateways[run.target.name] as GatewayFigures;
    lines.push(
      row([
        run.target.name,
        g.p50Ms,
        g.p99Ms,
        g.p999Ms,
        g.maxMs,
        g.p50AddedMs,
        g.p99AddedMs,
        g.rps,
        g.throughputRatio,
        g.cpuMsPerRequest,
        g.cpuRatio,
      ]),
    );
  }
  lines.push('', 'Per round (drift): +p99 ms / throughput ratio / CPU ms per request at the fixed rate');
  for (const run of runs) {
    if (run.target.name === 'direct') continue;
    const g = result.gateways[run.target.name] as GatewayFigures;
    const rounds = g.byRound.map((r) => `${r.p99AddedMs} / ${r.throughputRatio} / ${r.cpuMsPerRequest}`);
    lines.push(`${run.target.name.padEnd(10)}${rounds.join('   |   ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function planFromEnv(base: Plan): Plan {
  const positive = (name: string, fallback: number) => {
    const raw = processEnv()[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${name} must be a positive number, got ${raw}`);
    return value;
  };
  return {
    ...base,
    rounds: Math.round(positive('BENCH_ROUNDS', base.rounds)),
    sliceSeconds: positive('BENCH_SLICE_SECONDS', base.sliceSeconds),
  };
}

function gatewaysFromEnv(): GatewayName[] {
  const raw = processEnv()['BENCH_GATEWAYS'];
  if (raw === undefined || raw === '') return [...GATEWAY_NAMES];
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names)
    if (!(GATEWAY_NAMES as readonly string[]).includes(name))
      throw new Error(`BENCH_GATEWAYS: unknown gateway ${name} (known: ${GATEWAY_NAMES.join(', ')})`);
  return names as GatewayName[];
}

/**
 * Hive Gateway is installed apart (hive-peer.ts): `npm run bench:gateway` installs it first. Smoke mode (the test
 * command) leaves it out unless it is installed, and says so; a full run without it stops and says how to get it.
 */
function withHivePeer(gateways: GatewayName[], smoke: boolean): GatewayName[] {
  if (!gateways.includes('hive') || hivePeerInstalled()) return gateways;
  if (smoke) {
    process.stdout.write(
      'hive: not installed, left out of the smoke run (`npm run bench:peers` installs it)\n',
    );
    return gateways.filter((name) => name !== 'hive');
  }
  throw new Error(
    `Hive Gateway is not installed in ${HIVE_PEER_DIR}: run \`npm run bench:peers\` (or \`npm run bench:gateway\`, ` +
      'which does it first), or leave it out with BENCH_GATEWAYS=meshplane,apollo',
  );
}

function splitArgs(raw: string | undefined): string[] {
  return (raw ?? '').split(' ').filter(Boolean);
}

function runOf(runs: TargetRun[], name: TargetName): TargetRun {
  const run = runs.find((r) => r.target.name === name);
  if (!run) throw new Error(`no ${name} run`);
  return run;
}

function cpuOf(target: RunningTarget): number {
  const pid = target.child.process.pid;
  if (pid === undefined) throw new Error(`${target.name} has no pid`);
  return processCpuMs(pid);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

process.exitCode = await main();

/** Smoke mode, a peer gateway, and a 1-minute load average above twice the cores. */
function isSaturatedPeer(smoke: boolean, target: string): boolean {
  return (
    smoke && target !== 'meshplane' && target !== 'direct' && (loadavg()[0] ?? 0) > 2 * availableParallelism()
  );
}
