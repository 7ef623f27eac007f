import { describe, expect, it } from 'vitest';
import { ReadinessRegistry } from '../readiness.registry.js';

const never = () => new Promise<void>(() => undefined);

describe('ReadinessRegistry', () => {
  it('is ready with no checks registered', async () => {
    expect(await new ReadinessRegistry().report()).toEqual({ ready: true, checks: {} });
  });

  it('reports every check by name with its duration and is ready when all resolve', async () => {
    const registry = new ReadinessRegistry();
    registry.register('postgres', () => Promise.resolve());
    registry.register('nats', () => Promise.resolve());

    const report = await registry.report();

    expect(report).toEqual({
      ready: true,
      checks: {
        postgres: { ok: true, ms: expect.any(Number) },
        nats: { ok: true, ms: expect.any(Number) },
      },
    });
  });

  it('is unready when one check throws, naming that check and its error', async () => {
    const registry = new ReadinessRegistry();
    registry.register('postgres', () => Promise.resolve());
    registry.register('nats', () => Promise.reject(new Error('connection refused')));

    const report = await registry.report();

    expect(report.ready).toBe(false);
    expect(report.checks['postgres']).toEqual({ ok: true, ms: expect.any(Number) });
    expect(report.checks['nats']).toEqual({ ok: false, error: 'connection refused', ms: expect.any(Number) });
  });

  it('fails a check that hangs once the timeout elapses instead of hanging the report', async () => {
    const registry = new ReadinessRegistry();
    registry.register('hung', never);
    registry.register('fine', () => Promise.resolve());

    const started = performance.now();
    const report = await registry.report(50);
    const elapsed = performance.now() - started;

    expect(report.ready).toBe(false);
    expect(report.checks['hung']).toEqual({
      ok: false,
      error: 'timed out after 50 ms',
      ms: expect.any(Number),
    });
    expect(report.checks['hung']?.ms).toBeGreaterThanOrEqual(45);
    expect(report.checks['fine']?.ok).toBe(true);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('replaces a check registered again under the same name', async () => {
    const registry = new ReadinessRegistry();
    registry.register('postgres', () => Promise.reject(new Error('down')));
    registry.register('postgres', () => Promise.resolve());

    expect(await registry.report()).toEqual({
      ready: true,
      checks: { postgres: { ok: true, ms: expect.any(Number) } },
    });
  });
});
