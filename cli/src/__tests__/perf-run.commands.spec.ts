import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { progressLine } from '../commands/perf-run.commands.js';
import { ExitCode } from '../exit-codes.js';
import { run } from '../run.js';
import { scratchDir, signedInConfig, startFakeServer, testRuntime, type FakeServer } from './fake-server.js';

const PROFILE = '3f0c2a1e-4b5d-4e6f-8a7b-9c0d1e2f3a4b';
const RUN = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';

const runView = (status: string, progress: Record<string, unknown> | null) => ({
  id: RUN,
  profileId: PROFILE,
  profileName: 'checkout',
  status,
  idempotencyKey: 'k',
  requestedBy: 'ada',
  cancelRequested: false,
  message:
    status === 'SUCCEEDED'
      ? '10 requests, 0 errors, 10.0 req/s'
      : status === 'FAILED'
        ? 'no request completed'
        : null,
  createdAt: '2026-12-05T03:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  progress,
});
const progress = (elapsedMs: number, requests: number) => ({
  phase: 'measure',
  elapsedMs,
  plannedMs: 1_000,
  requests,
  errors: 0,
  currentRate: requests,
});

let server: FakeServer;
let dir: { path: string; remove: () => Promise<void> };
let configPath: string;
let polls: ReturnType<typeof runView>[] = [];

beforeAll(async () => {
  dir = await scratchDir();
  configPath = join(dir.path, 'config');
  server = await startFakeServer({
    PerformanceProfiles: () => ({
      data: {
        performanceProfiles: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: [
            { node: { id: 'other', name: 'checkout v2' } },
            { node: { id: PROFILE, name: 'checkout' } },
          ],
        },
      },
    }),
    StartPerformanceRun: () => ({ data: { startPerformanceRun: runView('PENDING', null) } }),
    PerformanceRun: () => {
      const next = polls.length > 1 ? polls.shift() : polls[0];
      const done = next?.status === 'SUCCEEDED';
      return {
        data: {
          performanceRun: {
            ...next,
            result: done
              ? {
                  id: RUN,
                  requests: 10,
                  errors: 0,
                  achievedRate: 10,
                  latency: { min: 0.1, mean: 0.4, max: 2, percentiles: { p50: 0.3, p99: 1.5, p99_9: 1.9 } },
                  generatorHealth: { saturated: false },
                  partial: null,
                  endpoints: [
                    { url: 'http://127.0.0.1:8080/a', requests: 6, errors: 0, achievedRate: 6 },
                    { url: 'http://127.0.0.1:8080/b', requests: 4, errors: 0, achievedRate: 4 },
                  ],
                  remoteSyncs: [
                    { provider: 'acme', status: 'SYNCED', message: null, remoteVersion: 2 },
                    {
                      provider: 'partner',
                      status: 'SIGN_IN_REQUIRED',
                      message: 'partner answered 403: sign in through partner again',
                      remoteVersion: null,
                    },
                  ],
                }
              : null,
          },
        },
      };
    },
    ComparePerformanceResults: () => ({
      data: {
        comparePerformanceResults: {
          baselineId: RUN,
          meshedId: PROFILE,
          latency: 'corrected',
          overhead: {
            percentiles: [{ percentile: 'p99', baseline: 1, meshed: 1.5, relative: 0.5 }],
            rate: { baseline: 100, meshed: 90, relative: -0.1 },
            errorRate: { baseline: 0, meshed: 0.01, absolute: 0.01 },
          },
          meshMark: 61.5,
          meshMarkTerms: {},
          warnings: ['the baseline generator was saturated'],
          chartSvg: '<svg/>',
        },
      },
    }),
    CreatePerformanceSchedule: (variables) => ({
      data: {
        createPerformanceSchedule: {
          id: 'sched-1',
          name: (variables['input'] as { name: string }).name,
          profileId: PROFILE,
          cron: '0 3 * * *',
          timezone: 'Europe/Berlin',
          enabled: true,
          nextTickAt: '2026-12-06T02:00:00.000Z',
          lastTickAt: null,
          missedTicks: 0,
          version: 1,
          createdBy: 'ada',
          createdAt: '2026-12-05T03:00:00.000Z',
        },
      },
    }),
    PerformanceResultChart: () => ({
      data: {
        performanceRun: {
          id: RUN,
          result: { id: RUN, chartSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
        },
      },
    }),
  });
  await signedInConfig(configPath, server.url);
});

beforeEach(() => {
  server.calls.length = 0;
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

describe('meshplane perf run|chart', () => {
  it('starts the named profile, prints each progress change, then the result table', async () => {
    polls = [runView('RUNNING', progress(500, 5)), runView('SUCCEEDED', progress(1_000, 10))];
    const { runtime, written } = testRuntime(configPath);
    expect(await run(['perf', 'run', 'checkout', '--key', 'k1'], runtime)).toBe(ExitCode.OK);
    expect(server.calls.find((c) => c.operationName === 'StartPerformanceRun')?.variables).toEqual({
      input: { profileId: PROFILE, idempotencyKey: 'k1' },
    });
    expect(written.err).toContain(
      'RUNNING measure [##########          ] 0.5/1.0s  5 requests  0 errors  5/s',
    );
    expect(written.out).toMatch(/P99\s+1\.500 ms/);
    expect(written.out).toMatch(/P99\.9\s+1\.900 ms/);
    expect(written.out).toMatch(/ENDPOINT http:\/\/127\.0\.0\.1:8080\/a\s+6 requests, 0 errors, 6\.0\/s/);
    expect(written.out).toMatch(/STORED AT ACME\s+SYNCED \(version 2\)/);
    expect(written.out).toMatch(/STORED AT PARTNER\s+SIGN_IN_REQUIRED partner answered 403/);
    expect(written.out).toContain('SUCCEEDED (10 requests, 0 errors, 10.0 req/s)');
  });

  it('exits PARTIAL naming the state when the run does not succeed, and NOT_FOUND for an unknown profile name', async () => {
    polls = [runView('FAILED', null)];
    const { runtime, written } = testRuntime(configPath);
    expect(await run(['perf', 'run', PROFILE], runtime)).toBe(ExitCode.PARTIAL);
    expect(written.err).toContain(`run ${RUN} FAILED: no request completed`);
    expect(await run(['perf', 'run', 'nope'], runtime)).toBe(ExitCode.NOT_FOUND);
    expect(written.err).toContain('no performance profile named nope');
  });

  it('writes a chart to a file, and refuses an unknown kind before asking the server', async () => {
    const { runtime } = testRuntime(configPath);
    const file = join(dir.path, 'latency.svg');
    expect(await run(['perf', 'chart', RUN, '--file', file], runtime)).toBe(ExitCode.OK);
    expect(await readFile(file, 'utf8')).toMatch(/^<svg/);
    expect(server.calls.at(-1)?.variables).toEqual({ id: RUN, kind: 'LATENCY' });
    server.calls.length = 0;
    expect(await run(['perf', 'chart', RUN, '--kind', 'pie'], runtime)).toBe(ExitCode.USAGE);
    expect(server.calls).toEqual([]);
  });

  it('compares two runs with the mesh value given, in a table, warning what may mislead', async () => {
    const { runtime, written } = testRuntime(configPath);
    const file = join(dir.path, 'compare.svg');
    const code = await run(
      ['perf', 'compare', RUN, PROFILE, '--value', 'mtls,traffic-management', '--chart', file],
      runtime,
    );
    expect(code, written.err).toBe(ExitCode.OK);
    expect(server.calls.at(-1)?.variables).toEqual({
      baselineId: RUN,
      meshedId: PROFILE,
      value: { mtls: true, trafficManagement: true },
    });
    expect(written.out).toMatch(/P99\s+1\.000 ms\s+1\.500 ms\s+\+50\.0%/);
    expect(written.out).toMatch(/MESHMARK\s+-\s+61\.5/);
    expect(written.err).toContain('warning: the baseline generator was saturated');
    expect(await readFile(file, 'utf8')).toBe('<svg/>');
    expect(await run(['perf', 'compare', RUN, PROFILE, '--value', 'magic'], runtime)).toBe(ExitCode.USAGE);
  });

  it('creates a schedule with its zone, saying when it runs next', async () => {
    const { runtime, written } = testRuntime(configPath);
    const code = await run(
      [
        'perf',
        'schedule',
        'create',
        'nightly',
        '--profile',
        PROFILE,
        '--cron',
        '0 3 * * *',
        '--timezone',
        'Europe/Berlin',
      ],
      runtime,
    );
    expect(code, written.err).toBe(ExitCode.OK);
    expect(server.calls.at(-1)?.variables).toEqual({
      input: {
        name: 'nightly',
        profileId: PROFILE,
        cron: '0 3 * * *',
        timezone: 'Europe/Berlin',
        enabled: true,
      },
    });
    expect(written.err).toContain('Schedule nightly created (sched-1); next run 2026-12-06T02:00:00.000Z');
  });

  it('draws no bar before the first progress', () => {
    expect(progressLine(runView('PENDING', null) as Parameters<typeof progressLine>[0])).toBe('PENDING');
  });
});
