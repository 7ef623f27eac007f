import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { run } from '../run.js';
import { scratchDir, signedInConfig, startFakeServer, testRuntime, type FakeServer } from './fake-server.js';

const ADAPTER_ID = '7b0c3f1e-2d4a-4c6b-9e8f-1a2b3c4d5e6f';
const operation = (status: string, message: string | null = null) => ({
  id: 'op-1',
  idempotencyKey: 'op-1',
  adapterId: ADAPTER_ID,
  adapterName: 'noop-adapter',
  operation: 'install',
  category: 'INSTALL',
  connectionId: null,
  namespace: '',
  delete: false,
  dryRun: false,
  deadline: new Date().toISOString(),
  status,
  message,
  attempts: 1,
  cancelRequested: false,
  requestedBy: 'ada',
  createdAt: new Date().toISOString(),
  startedAt: null,
  finishedAt: null,
});
const event = (sequence: number, summary: string, status: string | null = null) => ({
  sequence,
  severity: status === 'FAILED' ? 'ERROR' : 'INFO',
  summary,
  details: null,
  probableCause: [],
  suggestedRemediation: status === 'FAILED' ? ['start the adapter'] : [],
  progressPercent: null,
  status,
  at: '2026-12-04T12:00:00.000Z',
});

let server: FakeServer;
let dir: { path: string; remove: () => Promise<void> };
let configPath: string;
/** What the followed operation looks like on each successive read. */
let reads: { status: string; message: string | null; events: ReturnType<typeof event>[] }[] = [];

beforeAll(async () => {
  dir = await scratchDir();
  configPath = join(dir.path, 'config');
  server = await startFakeServer({
    Adapters: () => ({
      data: {
        adapters: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: '1' },
          edges: [{ node: { id: ADAPTER_ID, name: 'noop-adapter', info: { name: 'noop-adapter' } } }],
        },
      },
    }),
    RunAdapterOperation: (variables) => {
      const input = variables['input'] as { input: Record<string, unknown> };
      if ('version' in input.input && input.input['version'] !== '1.0.0')
        return {
          errors: [
            {
              message: 'input.version: must be one of "1.0.0"',
              extensions: { code: 'BAD_USER_INPUT', field: 'input.version' },
            },
          ],
        };
      return { data: { runAdapterOperation: operation('PENDING') } };
    },
    AdapterOperation: (variables) => {
      const read = reads.shift() ?? { status: 'SUCCEEDED', message: 'done', events: [] };
      const after = Number(variables['eventsAfter'] ?? 0);
      const events = read.events.filter((e) => e.sequence > after);
      return {
        data: {
          adapterOperation: {
            ...operation(read.status, read.message),
            input: {},
            output: null,
            events: {
              pageInfo: { hasNextPage: false, endCursor: String(events.at(-1)?.sequence ?? after) },
              edges: events.map((node) => ({ node })),
            },
          },
        },
      };
    },
    CancelAdapterOperation: () => ({
      data: { cancelAdapterOperation: { ...operation('RUNNING'), cancelRequested: true } },
    }),
  });
  await signedInConfig(configPath, server.url);
});

beforeEach(() => {
  server.calls.length = 0;
  reads = [];
});

afterAll(async () => {
  await server?.stop();
  await dir?.remove();
});

describe('meshplane adapter run / operation', () => {
  it('run: resolves the adapter by name, sends the input, then prints each event once until SUCCEEDED', async () => {
    reads = [
      { status: 'RUNNING', message: null, events: [event(1, 'CRDs')] },
      {
        status: 'SUCCEEDED',
        message: 'installed',
        events: [event(1, 'CRDs'), event(2, 'done', 'SUCCEEDED')],
      },
    ];
    const { runtime, written } = testRuntime(configPath);
    const argv = [
      'adapter',
      'run',
      'noop-adapter',
      'install',
      '--input',
      '{"version":"1.0.0"}',
      '-n',
      'mesh',
    ];
    expect(await run([...argv, '--key', 'k1'], runtime)).toBe(ExitCode.OK);
    expect(server.calls.find((c) => c.operationName === 'RunAdapterOperation')?.variables).toEqual({
      input: {
        adapterId: ADAPTER_ID,
        operation: 'install',
        input: { version: '1.0.0' },
        namespace: 'mesh',
        idempotencyKey: 'k1',
      },
    });
    const lines = written.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('CRDs');
    expect(lines[1]).toContain('done');
    expect(
      server.calls.filter((c) => c.operationName === 'AdapterOperation').map((c) => c.variables),
    ).toEqual([{ id: 'op-1' }, { id: 'op-1', eventsAfter: '1' }]);
    expect(written.err).toContain('SUCCEEDED: installed');
  });

  it('run: a failed operation is an error with its message and the adapter remedy, exit code PARTIAL', async () => {
    reads = [
      {
        status: 'FAILED',
        message: 'adapter noop-adapter unreachable',
        events: [event(1, 'adapter noop-adapter unreachable', 'FAILED')],
      },
    ];
    const { runtime, written } = testRuntime(configPath);
    expect(await run(['adapter', 'run', ADAPTER_ID, 'install'], runtime)).toBe(ExitCode.PARTIAL);
    expect(written.out).toContain('(try: start the adapter)');
    expect(written.err).toContain('operation op-1 FAILED: adapter noop-adapter unreachable');
  });

  it('run: input that is not a JSON object is refused before any request; a schema error names the field', async () => {
    const local = testRuntime(configPath);
    expect(await run(['adapter', 'run', ADAPTER_ID, 'install', '--input', '[1]'], local.runtime)).toBe(
      ExitCode.USAGE,
    );
    expect(local.written.err).toContain('--input: must be a JSON object');
    expect(server.calls).toEqual([]);
    const remote = testRuntime(configPath);
    expect(
      await run(['adapter', 'run', ADAPTER_ID, 'install', '--input', '{"version":"2"}'], remote.runtime),
    ).toBe(ExitCode.USAGE);
    expect(remote.written.err).toContain('input.version: must be one of');
  });

  it('run --detach prints the operation without following it; cancel says what to do next', async () => {
    const detached = testRuntime(configPath);
    expect(
      await run(['adapter', 'run', ADAPTER_ID, 'install', '--detach', '-o', 'json'], detached.runtime),
    ).toBe(ExitCode.OK);
    expect(JSON.parse(detached.written.out)).toMatchObject({ id: 'op-1', status: 'PENDING' });
    expect(server.calls.map((c) => c.operationName)).toEqual(['RunAdapterOperation']);
    const cancel = testRuntime(configPath);
    expect(await run(['operation', 'cancel', 'op-1'], cancel.runtime)).toBe(ExitCode.OK);
    expect(cancel.written.err).toContain('meshplane operation get op-1 --follow');
  });

  it('operation list refuses an unknown state naming the option', async () => {
    const { runtime, written } = testRuntime(configPath);
    expect(await run(['operation', 'list', '--status', 'done'], runtime)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--status: done is not an operation state');
  });
});
