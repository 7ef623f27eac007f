// First: every connection of this process, and (through LOOPBACK_ONLY_NODE_ARGS) of its children, stays on loopback.
import '../loopback-only.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectMessaging, type MessagingClient } from '@meshplane/messaging';
import { ensurePerfTopology, runDistributed, type DistributedResult } from '@meshplane/perf-distributed';
import { decodeHistogram, newHistogram, runLoad, type LoadResult } from '@meshplane/perf-loadgen';
import { startTestNats } from '@meshplane/testing';
import { startChild, type StartedChild } from '../gateway/child-process.js';
import { processEnv } from '@meshplane/config';
import { benchMode, round } from '../bench-mode.js';
import { undiciPoolRequestsPerSecond, wrk2P99Ms, wrkRequestsPerSecond } from './references.js';
import { DELAYED_MS, onPath, startTarget, type BenchTarget } from './targets.js';

/**
 * The load generation engine (@meshplane/perf-loadgen) against a local target (nginx when on PATH, else a Node
 * server in its own process), each figure next to a reference measured on the same target in the same run:
 * - closed model: requests/s over wrk's with the same threads and connections (`closedRatio`); without wrk, over a
 *   plain undici Pool in one thread (`closedReference` says which);
 * - open model at two rates: achieved rate against the target rate (`rateError`), corrected p99 over wrk2's when
 *   wrk2 is on PATH;
 * - stall: the target is frozen (SIGSTOP) for a tenth of a constant-rate run; the corrected distribution must show
 *   every request due during the freeze delayed (≈ 10 % of requests, up to the freeze) where latency from the actual
 *   send shows almost none (`stallP90Ms`, `stallP99Ms`, `stallUncorrectedP99Ms`, `stallDelayedShare`).
 * Prints a table, then one JSON line. Exits non-zero when a figure could not be computed or makes no sense.
 *
 * `--smoke` / BENCH_SMOKE=1: the same paths (worker threads included) in a few seconds at low rates; figures
 * meaningless. BENCH_LOADGEN_TARGET=node|nginx picks the target.
 */
interface Plan {
  closedSeconds: number;
  warmupSeconds: number;
  connections: number;
  rates: readonly [number, number];
  openSeconds: number;
  stall: {
    rate: number;
    seconds: number;
    freezeAtSeconds: number;
    freezeSeconds: number;
    connections: number;
  };
  threads: number;
  /** 1 worker against `workers` workers (each its own process, one thread, `connections` connections each). */
  distributed: {
    workers: number;
    seconds: number;
    warmupSeconds: number;
    connections: number;
    leadMs: number;
  };
}

const FULL: Plan = {
  closedSeconds: 10,
  warmupSeconds: 2,
  connections: 64,
  rates: [5_000, 20_000],
  openSeconds: 10,
  stall: { rate: 1_000, seconds: 10, freezeAtSeconds: 4, freezeSeconds: 1, connections: 16 },
  threads: availableParallelism(),
  distributed: { workers: 3, seconds: 10, warmupSeconds: 1, connections: 16, leadMs: 3000 },
};
const SMOKE: Plan = {
  closedSeconds: 1,
  warmupSeconds: 0.2,
  connections: 8,
  rates: [500, 2_000],
  openSeconds: 0.5,
  stall: { rate: 400, seconds: 1.5, freezeAtSeconds: 0.5, freezeSeconds: 0.3, connections: 2 },
  // Two threads even on one core: the smoke must go through the worker threads and the exact merge.
  threads: Math.max(2, availableParallelism()),
  // One worker process, one run: the path (NATS, a worker process, the exact merge) without the scaling comparison.
  // 1.5 s: beside the other layers of the test command (load average 10-15 on 2 cores) a 0.5 s window once saw the
  // in-process target answer nothing at all.
  distributed: { workers: 1, seconds: 1.5, warmupSeconds: 0.1, connections: 2, leadMs: 3000 },
};
const PERF_WORKER_MAIN = fileURLToPath(new URL('./perf-worker.main.js', import.meta.url));
/** Distributed shards travel under an organization's subjects; the bench is one. */
const BENCH_ORG = '00000000-0000-4000-8000-00000000b0b0';
const INSTALL_HINT =
  'apt-get install -y wrk (Debian/Ubuntu) adds wrk; nginx likewise (apt-get install -y nginx)';

async function main(): Promise<number> {
  const mode = benchMode();
  const plan = mode.smoke ? SMOKE : FULL;
  const loadBefore = loadavg();
  const wrk = onPath('wrk');
  const wrk2 = onPath('wrk2');
  const targetKind = targetKindFromEnv();
  const workDir = mkdtempSync(join(tmpdir(), 'meshplane-loadgen-bench-'));
  let target: BenchTarget | undefined;
  let delayedTarget: BenchTarget | undefined;
  try {
    target = await startTarget(targetKind, workDir);
    const url = target.url;
    const problems: string[] = [];

    const closed = await runLoad({
      url,
      model: 'closed',
      connections: plan.connections,
      threads: plan.threads,
      durationMs: plan.closedSeconds * 1000,
      warmupMs: plan.warmupSeconds * 1000,
    });
    checkClean('closed', closed, problems, mode.smoke);
    checkMerged('closed', closed, problems);
    const referenceRps = wrk
      ? await wrkRequestsPerSecond(
          url,
          plan.threads,
          plan.connections,
          Math.max(1, Math.round(plan.closedSeconds)),
        )
      : await undiciPoolRequestsPerSecond(url, plan.connections, plan.closedSeconds);
    if (!(referenceRps > 0)) problems.push(`reference measured ${referenceRps} req/s`);

    const open: { rate: number; result: LoadResult; wrk2P99Ms?: number }[] = [];
    for (const rate of plan.rates) {
      const result = await runLoad({
        url,
        model: 'open',
        rate,
        connections: plan.connections,
        threads: plan.threads,
        durationMs: plan.openSeconds * 1000,
        warmupMs: plan.warmupSeconds * 1000,
      });
      checkClean(`open ${rate}`, result, problems, mode.smoke);
      // A generator that could not keep up says so (generatorHealth): on a machine busy with other work that is an
      // honest answer, not a broken benchmark. A rate far off WITHOUT that flag is nonsense.
      if (Math.abs(rateError(result)) > 0.5 && !result.generatorHealth.saturated)
        problems.push(`open ${rate}: achieved ${result.achievedRate} req/s and reports no saturation`);
      const reference = wrk2
        ? await wrk2P99Ms(url, rate, plan.connections, Math.round(plan.openSeconds))
        : undefined;
      open.push({ rate, result, ...(reference !== undefined ? { wrk2P99Ms: reference } : {}) });
    }

    const stall = await stallRun(target, plan);
    checkClean('stall', stall, problems);
    const corrected = stall.latency.corrected;
    const freezeMs = plan.stall.freezeSeconds * 1000;
    if (!corrected || corrected.percentiles.p99 < freezeMs / 2)
      problems.push(
        `stall: corrected p99 ${corrected?.percentiles.p99} ms does not show a ${freezeMs} ms freeze`,
      );
    if (corrected && stall.latency.uncorrected.percentiles.p99 >= corrected.percentiles.p99)
      problems.push('stall: uncorrected p99 is not below the corrected one');

    // Scaling where the target is not the bottleneck: a Node target answering after DELAYED_MS, so that a closed loop's
    // rate is set by latency (connections / delay), not by the two cores the target, the workers and NATS share. The
    // smoke runs only this one (the same distributed path at a trickle of CPU).
    delayedTarget = await startTarget('node', workDir);
    const [latencyBound, distributed] = await distributedFigures(
      [
        { name: 'latency-bound', url: `${delayedTarget.url}delayed` },
        ...(mode.smoke ? [] : [{ name: 'CPU-bound', url }]),
      ],
      plan.distributed,
      problems,
    );
    if (latencyBound === undefined) throw new Error('no latency-bound distributed figures');

    const result = {
      bench: 'loadgen',
      smoke: mode.smoke,
      target: target.kind,
      threads: plan.threads,
      connections: plan.connections,
      closedRps: Math.round(closed.achievedRate),
      closedReference: wrk ? 'wrk' : 'undici-pool-1-thread',
      closedReferenceRps: Math.round(referenceRps),
      closedRatio: round(closed.achievedRate / referenceRps),
      closedSaturated: closed.generatorHealth.saturated,
      open: open.map(({ rate, result: r, wrk2P99Ms: ref }) => ({
        rate,
        achievedRate: round(r.achievedRate),
        rateError: round4(rateError(r)),
        correctedP99Ms: round(r.latency.corrected?.percentiles.p99 ?? 0),
        uncorrectedP99Ms: round(r.latency.uncorrected.percentiles.p99),
        wrk2P99Ms: ref === undefined ? null : round(ref),
        p99OverWrk2: ref === undefined ? null : round((r.latency.corrected?.percentiles.p99 ?? 0) / ref),
        saturated: r.generatorHealth.saturated,
        lateStarts: r.generatorHealth.lateStarts,
        missedStarts: r.generatorHealth.missedStarts ?? 0,
      })),
      rateError: Object.fromEntries(open.map(({ rate, result: r }) => [rate, round4(rateError(r))])),
      stallFreezeMs: freezeMs,
      stallP90Ms: round(corrected?.percentiles.p90 ?? 0),
      stallP99Ms: round(corrected?.percentiles.p99 ?? 0),
      stallUncorrectedP99Ms: round(stall.latency.uncorrected.percentiles.p99),
      stallExpectedDelayedShare: round4(plan.stall.freezeSeconds / plan.stall.seconds),
      stallDelayedShare: round4(shareAbove(stall.histograms?.corrected, freezeMs / 10)),
      stallUncorrectedDelayedShare: round4(shareAbove(stall.histograms?.uncorrected, freezeMs / 10)),
      distributed: distributed ?? null,
      distributedLatencyBound: { delayMs: DELAYED_MS, ...latencyBound },
      peers: { wrk: wrk ?? null, wrk2: wrk2 ?? null, ...(wrk ? {} : { install: INSTALL_HINT }) },
      loadAvg1: { before: round(loadBefore[0] ?? 0), after: round(loadavg()[0] ?? 0) },
    };
    printTable(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    for (const problem of problems) process.stderr.write(`loadgen bench: ${problem}\n`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await target?.stop();
    await delayedTarget?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Distributed load over a real nats-server: one worker, then `workers` workers (each a process of its own with one
 * thread and the same connections), closed model. `scaling` is the second's rate over the first's (the goal,
 * ≥ 2.5 for 3 workers when the target is not the bottleneck). Against the bench's target it is CPU-bound: on a 2-core
 * machine the target and the workers share two cores, so it shows the machine, not the workers. Against the delayed
 * target, the rate is connections / latency and the scaling is that of the distributed path itself. `mergeExact`: the
 * merged histogram is exactly the sum of the shard histograms that crossed the bus (every bucket count), and holds
 * every request.
 */
async function distributedFigures(
  targets: readonly { name: string; url: string }[],
  plan: Plan['distributed'],
  problems: string[],
): Promise<DistributedFigures[]> {
  const nats = await startTestNats();
  const workers: StartedChild[] = [];
  let client: MessagingClient | undefined;
  try {
    client = await connectMessaging({ url: nats.url, name: 'bench-coordinator' });
    await ensurePerfTopology(client);
    for (let i = 0; i < plan.workers; i++)
      workers.push(
        await startChild(
          PERF_WORKER_MAIN,
          { ...processEnv(), BENCH_NATS_URL: nats.url, BENCH_WORKER_ID: `bench-worker-${i}` },
          /^WORKER READY /,
        ),
      );
    const run = (url: string, count: number) =>
      runDistributed({
        client: client as MessagingClient,
        orgId: BENCH_ORG,
        workers: count,
        leadMs: plan.leadMs,
        options: {
          url,
          model: 'closed',
          connections: plan.connections * count,
          threads: 1,
          durationMs: plan.seconds * 1000,
          warmupMs: plan.warmupSeconds * 1000,
        },
      });
    // One nats-server and one set of workers for every target: the workers take whatever URL a shard names.
    const figures: DistributedFigures[] = [];
    for (const target of targets) {
      const one = await run(target.url, 1);
      const many = plan.workers === 1 ? one : await run(target.url, plan.workers);
      const exact = mergeIsExact(many);
      for (const [name, r] of [
        [`distributed (${target.name}) 1 worker`, one],
        [`distributed (${target.name}) ${plan.workers} workers`, many],
      ] as const) {
        checkClean(name, r, problems);
        if (r.partial) problems.push(`${name}: partial (${r.partial.reason})`);
      }
      if (!exact)
        problems.push(
          `distributed (${target.name}): the merged histogram is not the sum of the shard histograms`,
        );
      figures.push({
        workers: plan.workers,
        oneWorkerRps: Math.round(one.achievedRate),
        workersRps: Math.round(many.achievedRate),
        scaling: round(many.achievedRate / one.achievedRate),
        mergeExact: exact,
        shards: many.shards.map((shard) => shard.status),
      });
    }
    return figures;
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await client?.close();
    await nats.stop();
  }
}

interface DistributedFigures {
  workers: number;
  oneWorkerRps: number;
  workersRps: number;
  scaling: number;
  mergeExact: boolean;
  shards: string[];
}

/** Every bucket of the merged histogram equals the sum of the shards' buckets, and it holds every request. */
function mergeIsExact(result: DistributedResult): boolean {
  const merged = decodeHistogram(result.histograms?.uncorrected ?? '');
  const sum = newHistogram();
  try {
    for (const shard of result.shards) {
      const encoded = shard.measurement?.histograms.uncorrected;
      if (encoded === undefined) continue;
      const part = decodeHistogram(encoded);
      sum.add(part);
      part.destroy();
    }
    if (merged.totalCount !== result.requests - result.errors || sum.totalCount !== merged.totalCount)
      return false;
    for (let p = 0; p <= 100; p += 0.5)
      if (sum.getValueAtPercentile(p) !== merged.getValueAtPercentile(p)) return false;
    return sum.minNonZeroValue === merged.minNonZeroValue && sum.maxValue === merged.maxValue;
  } finally {
    merged.destroy();
    sum.destroy();
  }
}

/** A constant-rate run during which the target process is frozen (SIGSTOP … SIGCONT) once. */
async function stallRun(target: BenchTarget, plan: Plan): Promise<LoadResult> {
  const pid = target.process.pid;
  if (pid === undefined) throw new Error('the target has no pid');
  const { rate, seconds, freezeAtSeconds, freezeSeconds, connections } = plan.stall;
  const freeze = setTimeout(() => {
    process.kill(pid, 'SIGSTOP');
    setTimeout(() => process.kill(pid, 'SIGCONT'), freezeSeconds * 1000);
  }, freezeAtSeconds * 1000);
  try {
    // One thread: the freeze is timed from this thread's clock, and threads add nothing at this rate.
    return await runLoad({
      url: target.url,
      model: 'open',
      rate,
      connections,
      threads: 1,
      durationMs: seconds * 1000,
    });
  } finally {
    clearTimeout(freeze);
    process.kill(pid, 'SIGCONT');
  }
}

function rateError(result: LoadResult): number {
  return result.targetRate ? (result.achievedRate - result.targetRate) / result.targetRate : 0;
}

/** Share of the histogram's samples above `ms` (binary search on the percentile axis). */
function shareAbove(encoded: string | undefined, ms: number): number {
  if (encoded === undefined) return 0;
  const histogram = decodeHistogram(encoded);
  try {
    if (histogram.totalCount === 0 || histogram.maxValue <= ms * 1000) return 0;
    let low = 0;
    let high = 100;
    for (let i = 0; i < 40; i++) {
      const middle = (low + high) / 2;
      if (histogram.getValueAtPercentile(middle) > ms * 1000) high = middle;
      else low = middle;
    }
    return (100 - high) / 100;
  } finally {
    histogram.destroy();
  }
}

/**
 * No failed request, only 200s, a latency for every answer. `starvedOk` (smoke mode, which runs beside the other
 * layers of the test command): a generator that reports saturation may have sent nothing or timed requests out
 * (starved of CPU, not broken); any other error class still fails.
 */
function checkClean(name: string, result: LoadResult, problems: string[], starvedOk = false): void {
  const starved = starvedOk && result.generatorHealth.saturated;
  if (result.requests === 0 && !starved) problems.push(`${name}: no requests`);
  const errorClasses = Object.entries(result.errorClasses).filter(
    ([errorClass]) => !(starved && errorClass === 'timeout'),
  );
  if (errorClasses.length > 0)
    problems.push(`${name}: ${result.errors} errors ${JSON.stringify(result.errorClasses)}`);
  else if (result.errors > 0)
    process.stderr.write(`loadgen bench (smoke): ${name}: ${result.errors} timeouts, generator saturated\n`);
  const statuses = Object.keys(result.statusCodes);
  if (statuses.some((status) => status !== '200'))
    problems.push(`${name}: statuses ${JSON.stringify(result.statusCodes)}`);
  if (result.latency.uncorrected.count !== result.requests - result.errors)
    problems.push(`${name}: ${result.latency.uncorrected.count} latencies for ${result.requests} requests`);
}

/** The threads' histograms must have merged into one holding every request. */
function checkMerged(name: string, result: LoadResult, problems: string[]): void {
  const histogram = decodeHistogram(result.histograms?.uncorrected ?? '');
  try {
    if (histogram.totalCount !== result.requests)
      problems.push(`${name}: merged histogram holds ${histogram.totalCount} of ${result.requests} requests`);
  } finally {
    histogram.destroy();
  }
  const seriesTotal = result.series.reduce((total, second) => total + second.requests, 0);
  if (seriesTotal !== result.requests)
    problems.push(`${name}: series sums to ${seriesTotal} of ${result.requests}`);
}

function printTable(result: {
  target: string;
  closedRps: number;
  closedReference: string;
  closedReferenceRps: number;
  closedRatio: number;
  open: {
    rate: number;
    achievedRate: number;
    rateError: number;
    correctedP99Ms: number;
    saturated: boolean;
  }[];
  stallP90Ms: number;
  stallP99Ms: number;
  stallUncorrectedP99Ms: number;
  stallDelayedShare: number;
  stallUncorrectedDelayedShare: number;
  distributed: DistributedFigures | null;
  distributedLatencyBound: DistributedFigures & { delayMs: number };
}): void {
  const scaling = (d: DistributedFigures) =>
    `${d.workers} worker${d.workers === 1 ? '' : 's'} ${d.workersRps} req/s over 1 worker ${d.oneWorkerRps} req/s = ${d.scaling}`;
  const lines = [
    `target: ${result.target}`,
    `closed: ${result.closedRps} req/s, ${result.closedReference} ${result.closedReferenceRps} req/s, ratio ${result.closedRatio}`,
    ...result.open.map(
      (o) =>
        `open ${o.rate} req/s: achieved ${o.achievedRate} (error ${o.rateError}), corrected p99 ${o.correctedP99Ms} ms` +
        (o.saturated ? ' [generator saturated]' : ''),
    ),
    `stall: corrected p90 ${result.stallP90Ms} ms, p99 ${result.stallP99Ms} ms; uncorrected p99 ${result.stallUncorrectedP99Ms} ms; ` +
      `delayed ${round(result.stallDelayedShare * 100)} % corrected vs ${round(result.stallUncorrectedDelayedShare * 100)} % uncorrected`,
    ...(result.distributed ? [`distributed, CPU-bound (this target): ${scaling(result.distributed)}`] : []),
    `distributed, latency-bound (a target answering after ${result.distributedLatencyBound.delayMs} ms): ${scaling(result.distributedLatencyBound)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function targetKindFromEnv(): 'nginx' | 'node' {
  const raw = processEnv()['BENCH_LOADGEN_TARGET'];
  if (raw === undefined || raw === '') return onPath('nginx') ? 'nginx' : 'node';
  if (raw !== 'nginx' && raw !== 'node')
    throw new Error(`BENCH_LOADGEN_TARGET must be nginx or node, got ${raw}`);
  return raw;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

process.exitCode = await main();
