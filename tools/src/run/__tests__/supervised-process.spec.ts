import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SupervisedProcess, type SupervisedProcessOptions } from '../supervised-process.js';

interface Observed {
  lines: string[];
  starts: { pid: number | undefined; at: number }[];
  crashLoops: string[];
}

const running: SupervisedProcess[] = [];

function supervise(script: string, overrides: Partial<SupervisedProcessOptions> = {}) {
  const observed: Observed = { lines: [], starts: [], crashLoops: [] };
  const proc = new SupervisedProcess({
    name: 'child',
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: {},
    restartOnCrash: true,
    log: (line) => observed.lines.push(line),
    onStart: (pid) => observed.starts.push({ pid, at: Date.now() }),
    onCrashLoop: (name) => observed.crashLoops.push(name),
    ...overrides,
  });
  running.push(proc);
  return { proc, observed };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((proc) => proc.stop(100)));
});

describe('SupervisedProcess', () => {
  it('restarts a child that dies, backing off exponentially, reporting each new pid', async () => {
    const { proc, observed } = supervise('process.exit(3)');

    proc.start();
    await until(() => observed.starts.length >= 3, 'two restarts');
    proc.markStopping();

    const [first, second, third] = observed.starts;
    expect(new Set(observed.starts.map((s) => s.pid)).size).toBe(observed.starts.length);
    expect(observed.starts.every((s) => typeof s.pid === 'number')).toBe(true);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(500);
    expect((third?.at ?? 0) - (second?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(observed.lines).toContain('[run] child died (exit code 3); restarting in 500 ms');
    expect(observed.lines).toContain('[run] child died (exit code 3); restarting in 1000 ms');
    expect(proc.restartCount).toBe(2);
  });

  it('passes JSON lines through and prefixes other output with the name', async () => {
    const { proc, observed } = supervise(
      `console.log('{"msg":"json"}'); console.error('plain'); process.exit(0)`,
      {
        restartOnCrash: false,
      },
    );

    proc.start();
    await until(() => observed.crashLoops.length === 1, 'the child to end');
    await until(() => observed.lines.length >= 3, 'its output');

    expect(observed.lines).toEqual(expect.arrayContaining(['{"msg":"json"}', '[child] plain']));
  });

  it('reports a child that stops without restart-on-crash instead of restarting it', async () => {
    const { proc, observed } = supervise('process.exit(2)', { restartOnCrash: false });

    proc.start();
    await until(() => observed.crashLoops.length === 1, 'the crash report');
    await sleep(700);

    expect(observed.crashLoops).toEqual(['child']);
    expect(observed.starts).toHaveLength(1);
    expect(observed.lines).toContain('[run] child stopped (exit code 2)');
  });

  it('does not restart a child that exits after markStopping()', async () => {
    const { proc, observed } = supervise('setTimeout(() => process.exit(1), 100)');

    proc.start();
    proc.markStopping();
    await until(() => !isAlive(observed.starts[0]?.pid), 'the child to exit');
    await sleep(700);

    expect(observed.starts).toHaveLength(1);
    expect(observed.lines.filter((line) => line.startsWith('[run]'))).toEqual([]);
  });

  it('cancels a restart already scheduled when stopped during the backoff', async () => {
    const { proc, observed } = supervise('process.exit(1)');

    proc.start();
    await until(
      () => observed.lines.some((line) => line.includes('restarting in 500 ms')),
      'the scheduled restart',
    );
    await proc.stop();
    await sleep(700);

    expect(observed.starts).toHaveLength(1);
  });

  it('stop() sends SIGTERM and resolves once a well-behaved child has exited', async () => {
    const { proc, observed } = supervise('setInterval(() => {}, 1000)');

    proc.start();
    const pid = observed.starts[0]?.pid;
    const started = Date.now();
    await proc.stop(10_000);

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isAlive(pid)).toBe(false);
    expect(observed.starts).toHaveLength(1);
  });

  it('stop() kills a child that ignores SIGTERM once the grace period is over, without restarting it', async () => {
    const { proc, observed } = supervise(
      `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); setInterval(() => {}, 1000)`,
    );

    proc.start();
    await until(() => observed.lines.includes('[child] ready'), 'the SIGTERM handler');
    const pid = observed.starts[0]?.pid;
    const started = Date.now();
    await proc.stop(300);

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(isAlive(pid)).toBe(false);
    await until(() => observed.lines.includes('[child] ignoring SIGTERM'), 'the ignored SIGTERM');
    await sleep(700);
    expect(observed.starts).toHaveLength(1);
  });

  it('treats a child that cannot even be spawned as a crash instead of throwing, and stops at once', async () => {
    const { proc, observed } = supervise('process.exit(0)', { cwd: '/nonexistent/meshplane-dir' });

    proc.start();
    await until(
      () => observed.lines.some((line) => line.includes('restarting in 500 ms')),
      'the crash report',
    );
    await proc.stop(10_000);

    expect(observed.starts).toEqual([{ pid: undefined, at: expect.any(Number) }]);
    expect(observed.lines).toEqual([
      expect.stringMatching(/^\[run\] child died \(could not start: spawn .*ENOENT\); restarting in 500 ms$/),
    ]);
  });
});
