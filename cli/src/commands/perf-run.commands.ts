import { randomUUID } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import {
  CancelPerformanceRunDocument,
  ComparePerformanceResultsDocument,
  PerformanceProfilesDocument,
  PerformanceResultChartDocument,
  PerformanceResultDocumentDocument,
  PerformanceResultExportDocument,
  PerformanceRunDocument,
  PerformanceRunsDocument,
  StartPerformanceRunDocument,
  type MeshplaneClient,
  type PerformanceRunFieldsFragment,
  type PerformanceRunQuery,
  type PerformanceExportFormat,
  type PerformanceRunStatus,
} from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, fitLine, render, statusStyle, type Column } from '../output/format.js';
import { globalOptions, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';
import { isUuid, resolveCluster } from './resolve.js';

const FOLLOW_INTERVAL_MS = 1_000;
const STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;
const FINAL = new Set<string>(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);
const PERCENTILES = ['p50', 'p75', 'p90', 'p95', 'p99', 'p99_9', 'p99_99'] as const;

type Run = PerformanceRunFieldsFragment;

const RUN_COLUMNS: readonly Column<Run>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'PROFILE', value: (r) => r.profileName },
  { header: 'STATUS', value: (r) => r.status, style: statusStyle },
  { header: 'REQUESTS', value: (r) => r.progress?.requests ?? '-' },
  { header: 'ERRORS', value: (r) => r.progress?.errors ?? '-' },
  { header: 'RATE', value: (r) => (r.progress ? `${r.progress.currentRate}/s` : '-') },
  { header: 'AGE', value: (r) => age(r.createdAt) },
];

/** `perf run`, `perf runs`, `perf result`, `perf chart` and `perf cancel`: runs of profiles and their results. */
export function perfRunCommands(runtime: CliRuntime): Command[] {
  return [
    runCommand(runtime),
    runsCommand(runtime),
    resultCommand(runtime),
    compareCommand(runtime),
    chartCommand(runtime),
    cancelCommand(runtime),
  ];
}

function runCommand(runtime: CliRuntime): Command {
  return new Command('run')
    .argument('<profile>', 'the profile, by id or exact name')
    .description('run a performance profile (members), following its progress to a table of the result')
    .option('--key <key>', 'idempotency key: the same key returns the same run (default: a new one)')
    .option('--detach', 'print the run id and return at once')
    .option(
      '--cluster <cluster>',
      'the cluster the target runs in (id or exact name): its environment and mesh are recorded with the result',
    )
    .action(
      async (
        ref: string,
        options: { key?: string; detach?: boolean; cluster?: string },
        command: Command,
      ) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        const profileId = await resolveProfile(client, ref);
        const clusterId = options.cluster ? (await resolveCluster(client, options.cluster)).id : undefined;
        const { startPerformanceRun: run } = await client.request(StartPerformanceRunDocument, {
          input: { profileId, idempotencyKey: options.key ?? randomUUID(), ...(clusterId && { clusterId }) },
        });
        if (options.detach) {
          runtime.terminal.out(`${run.id}\n`);
          runtime.terminal.err(
            `run ${run.id} of ${run.profileName}: follow it with \`meshplane perf result ${run.id}\`\n`,
          );
          return;
        }
        runtime.terminal.err(`run ${run.id} of ${run.profileName}\n`);
        const done = await follow(runtime, client, run.id);
        printResult(runtime, output, done);
        if (done.status !== 'SUCCEEDED')
          throw new CliError(
            `run ${done.id} ${done.status}${done.message ? `: ${done.message}` : ''}`,
            ExitCode.PARTIAL,
            `see \`meshplane perf result ${done.id}\``,
          );
      },
    );
}

function runsCommand(runtime: CliRuntime): Command {
  return listCommand(runtime, {
    usage: 'runs',
    description: 'performance runs of the organization, newest first',
    options: (c) =>
      c
        .option('--profile <id>', 'only runs of this profile (id)')
        .option('--status <status>', `only runs in this state (${STATUSES.join(', ')})`, status),
    page: ({ client }, _args: [], options: { profile?: string; status?: PerformanceRunStatus }) => {
      const filter = {
        ...(options.profile ? { profileId: options.profile } : {}),
        ...(options.status ? { status: options.status } : {}),
      };
      return async (first, after) =>
        (await client.request(PerformanceRunsDocument, { first, after, filter })).performanceRuns;
    },
    columns: RUN_COLUMNS,
  });
}

function resultCommand(runtime: CliRuntime): Command {
  return new Command('result')
    .argument('<run>', 'the run id')
    .description(
      "a run's state and result as a table; --smp prints its SMP PerformanceTestResult (JSON), --format csv|fortio the result in that format",
    )
    .option('--smp', 'print the SMP document instead')
    .option(
      '--format <format>',
      'print the result as csv (one summary row) or fortio (fortio JSON)',
      exportFormat,
    )
    .action(
      async (id: string, options: { smp?: boolean; format?: PerformanceExportFormat }, command: Command) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        const noResult = () =>
          new CliError(
            `run ${id} has no result yet`,
            ExitCode.NOT_FOUND,
            `see \`meshplane perf result ${id}\``,
          );
        if (options.format) {
          const { performanceRun } = await client.request(PerformanceResultExportDocument, {
            id,
            format: options.format,
          });
          if (!performanceRun.result) throw noResult();
          runtime.terminal.out(performanceRun.result.export);
          return;
        }
        if (options.smp) {
          const { performanceRun } = await client.request(PerformanceResultDocumentDocument, { id });
          if (!performanceRun.result) throw noResult();
          runtime.terminal.out(`${JSON.stringify(performanceRun.result.smp, null, 2)}\n`);
          return;
        }
        const { performanceRun } = await client.request(PerformanceRunDocument, { id });
        printResult(runtime, output, performanceRun);
      },
    );
}

function exportFormat(value: string): PerformanceExportFormat {
  if (value === 'csv') return 'CSV';
  if (value === 'fortio') return 'FORTIO_JSON';
  throw new CliError(`--format: ${value} is not an export format`, ExitCode.USAGE, 'use csv or fortio');
}

interface Overhead {
  percentiles: { percentile: string; baseline: number; meshed: number; relative: number | null }[];
  rate: { baseline: number; meshed: number; relative: number | null };
  errorRate: { baseline: number; meshed: number; absolute: number };
}

const MESH_VALUES = ['mtls', 'telemetry', 'policy', 'traffic-management'] as const;

function compareCommand(runtime: CliRuntime): Command {
  return new Command('compare')
    .argument('<baseline>', 'the run without the mesh (id)')
    .argument('<meshed>', 'the run on the mesh (id)')
    .description('what the mesh costs: overhead per percentile, rate, errors and the MeshMark index (0–100)')
    .option(
      '--value <features>',
      `what the mesh gives, comma-separated (${MESH_VALUES.join(', ')}); none: no value`,
      meshValue,
    )
    .option('--chart <file>', 'also write both latency distributions overlaid as SVG')
    .action(
      async (
        baselineId: string,
        meshedId: string,
        options: { value?: Record<string, boolean>; chart?: string },
        command: Command,
      ) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        const { comparePerformanceResults: c } = await client.request(ComparePerformanceResultsDocument, {
          baselineId,
          meshedId,
          ...(options.value ? { value: options.value } : {}),
        });
        const overhead = c.overhead as Overhead;
        const relative = (x: number | null) =>
          x === null ? '-' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
        const rows: [string, string, string, string][] = [
          ...overhead.percentiles.map((p): [string, string, string, string] => [
            p.percentile.toUpperCase().replace('_', '.'),
            `${p.baseline.toFixed(3)} ms`,
            `${p.meshed.toFixed(3)} ms`,
            relative(p.relative),
          ]),
          [
            'RATE',
            `${overhead.rate.baseline.toFixed(1)}/s`,
            `${overhead.rate.meshed.toFixed(1)}/s`,
            relative(overhead.rate.relative),
          ],
          [
            'ERRORS',
            `${(overhead.errorRate.baseline * 100).toFixed(2)}%`,
            `${(overhead.errorRate.meshed * 100).toFixed(2)}%`,
            `${overhead.errorRate.absolute >= 0 ? '+' : ''}${(overhead.errorRate.absolute * 100).toFixed(2)} pt`,
          ],
          ['MESHMARK', '', String(c.meshMark), ''],
        ];
        render(runtime.terminal, output, c, rows, [
          { header: `(${c.latency})`, value: (row) => row[0] },
          { header: 'BASELINE', value: (row) => row[1] },
          { header: 'MESHED', value: (row) => row[2] },
          { header: 'CHANGE', value: (row) => row[3] },
        ]);
        for (const warning of c.warnings) runtime.terminal.err(`warning: ${warning}\n`);
        if (options.chart)
          await writeSvg(runtime, options.chart, c.chartSvg, `Comparison chart written to ${options.chart}`);
      },
    );
}

function chartCommand(runtime: CliRuntime): Command {
  return new Command('chart')
    .argument('<run>', 'the run id')
    .description("an SVG chart of a run's result, to standard output or --file")
    .option('--kind <kind>', 'latency (distribution on a log percentile axis) or time-series', 'latency')
    .option('--file <file>', 'write it to this file (mode 0644)')
    .action(async (id: string, options: { kind: string; file?: string }, command: Command) => {
      const kind = options.kind.toLowerCase();
      if (kind !== 'latency' && kind !== 'time-series')
        throw new CliError(
          `--kind: ${options.kind} is not a chart`,
          ExitCode.USAGE,
          'use latency or time-series',
        );
      const { client } = await sessionFor(runtime, command);
      const { performanceRun } = await client.request(PerformanceResultChartDocument, {
        id,
        kind: kind === 'latency' ? 'LATENCY' : 'TIME_SERIES',
      });
      const svg = performanceRun.result?.chartSvg;
      if (!svg)
        throw new CliError(
          `run ${id} has no result yet`,
          ExitCode.NOT_FOUND,
          `see \`meshplane perf result ${id}\``,
        );
      if (!options.file) {
        runtime.terminal.out(svg.endsWith('\n') ? svg : `${svg}\n`);
        return;
      }
      await writeSvg(runtime, options.file, svg, `Chart of run ${id} written to ${options.file}`);
    });
}

function cancelCommand(runtime: CliRuntime): Command {
  return mutationCommand(runtime, {
    usage: 'cancel <run>',
    description: 'cancel a run (members): a pending one at once, a running one within about a second',
    run: async ({ client }, [id]: [string]) =>
      (await client.request(CancelPerformanceRunDocument, { id })).cancelPerformanceRun,
    columns: RUN_COLUMNS.slice(0, 3),
    done: (r) => `Run ${r.id} ${r.status === 'CANCELLED' ? 'cancelled' : 'asked to stop'}`,
  });
}

/** Polls the run until it ends, one progress line per change on standard error (rewritten in place on a TTY). */
async function follow(
  runtime: CliRuntime,
  client: MeshplaneClient,
  id: string,
): Promise<PerformanceRunQuery['performanceRun']> {
  let last = '';
  for (;;) {
    const { performanceRun: run } = await client.request(PerformanceRunDocument, { id });
    const line = progressLine(run);
    if (line !== last) {
      runtime.terminal.err(`${fitLine(line, runtime.terminal.width)}\n`);
      last = line;
    }
    if (FINAL.has(run.status)) return run;
    await sleep(FOLLOW_INTERVAL_MS);
  }
}

/** `RUNNING measure [#####     ] 5.0/10.0s  1234 requests  0 errors  412/s`. */
export function progressLine(run: Run): string {
  const p = run.progress;
  if (!p) return run.status;
  const done = p.plannedMs > 0 ? Math.min(1, p.elapsedMs / p.plannedMs) : 0;
  const bar = `[${'#'.repeat(Math.round(done * 20)).padEnd(20, ' ')}]`;
  const seconds = `${(p.elapsedMs / 1000).toFixed(1)}/${(p.plannedMs / 1000).toFixed(1)}s`;
  return `${run.status} ${p.phase} ${bar} ${seconds}  ${p.requests} requests  ${p.errors} errors  ${p.currentRate}/s`;
}

function printResult(
  runtime: CliRuntime,
  output: ReturnType<typeof globalOptions>['output'],
  run: PerformanceRunQuery['performanceRun'],
): void {
  const result = run.result;
  const latency = (result?.latency ?? {}) as {
    percentiles?: Record<string, number>;
    min?: number;
    max?: number;
    mean?: number;
  };
  const rows: [string, string][] = [
    ['RUN', run.id],
    ['PROFILE', run.profileName],
    ['STATUS', `${run.status}${run.message ? ` (${run.message})` : ''}`],
    ...(run.environment
      ? ([
          [
            'CLUSTER',
            `${run.environment.clusterName} (Kubernetes ${run.environment.kubernetesVersion}, ${run.environment.nodeCount} nodes)`,
          ],
          [
            'MESH',
            run.environment.meshes.map((m) => `${m.meshId} ${m.version ?? 'unknown'}`).join(', ') || 'none',
          ],
        ] as [string, string][])
      : []),
    ...(result
      ? ([
          ['REQUESTS', String(result.requests)],
          ['ERRORS', String(result.errors)],
          ['RATE', `${result.achievedRate.toFixed(1)}/s`],
          ...PERCENTILES.filter((k) => latency.percentiles?.[k] !== undefined).map((k): [string, string] => [
            k.toUpperCase().replace('_', '.'),
            `${(latency.percentiles?.[k] ?? 0).toFixed(3)} ms`,
          ]),
          ...(latency.max !== undefined ? [['MAX', `${latency.max.toFixed(3)} ms`] as [string, string]] : []),
          ...(result.partial ? [['PARTIAL', result.partial] as [string, string]] : []),
          // A load spread over several endpoints: each one's part.
          ...result.endpoints.map((endpoint): [string, string] => [
            `ENDPOINT ${endpoint.url}`,
            `${endpoint.requests} requests, ${endpoint.errors} errors, ${endpoint.achievedRate.toFixed(1)}/s`,
          ]),
          // Where the result was stored at remote providers (the requester's, when they advertise it).
          ...result.remoteSyncs.map((sync): [string, string] => [
            `STORED AT ${sync.provider.toUpperCase()}`,
            `${sync.status}${sync.remoteVersion !== null && sync.remoteVersion !== undefined ? ` (version ${sync.remoteVersion})` : ''}${sync.message ? ` ${sync.message}` : ''}`,
          ]),
        ] as [string, string][])
      : []),
  ];
  render(runtime.terminal, output, run, rows, [
    { header: 'FIELD', value: (row) => row[0] },
    { header: 'VALUE', value: (row) => row[1] },
  ]);
}

async function resolveProfile(client: MeshplaneClient, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  const { performanceProfiles } = await client.request(PerformanceProfilesDocument, {
    first: 100,
    filter: { nameContains: ref },
  });
  const match = performanceProfiles.edges.map((e) => e.node).find((p) => p.name === ref);
  if (!match)
    throw new CliError(
      `no performance profile named ${ref}`,
      ExitCode.NOT_FOUND,
      'see `meshplane perf profile list`',
    );
  return match.id;
}

function status(value: string): PerformanceRunStatus {
  const upper = value.toUpperCase();
  if (!(STATUSES as readonly string[]).includes(upper))
    throw new CliError(
      `--status: ${value} is not a run state`,
      ExitCode.USAGE,
      `use one of ${STATUSES.join(', ')}`,
    );
  return upper as PerformanceRunStatus;
}

async function writeSvg(runtime: CliRuntime, file: string, svg: string, done: string): Promise<void> {
  try {
    await writeFile(file, svg, { mode: 0o644 });
    // The mode given to writeFile applies only to a new file, after the umask.
    await chmod(file, 0o644);
  } catch (error) {
    throw new CliError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ExitCode.USAGE,
      'give a path in a folder that exists and that you may write to',
    );
  }
  runtime.terminal.err(`${done}\n`);
}

function meshValue(text: string): Record<string, boolean> {
  const value: Record<string, boolean> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)) {
    if (!(MESH_VALUES as readonly string[]).includes(part))
      throw new CliError(
        `--value: ${part} is not a mesh feature`,
        ExitCode.USAGE,
        `use ${MESH_VALUES.join(', ')}`,
      );
    value[part === 'traffic-management' ? 'trafficManagement' : part] = true;
  }
  return value;
}
