import { describe, expect, it } from 'vitest';
import type { LoadResult } from '@meshplane/perf-loadgen';
import {
  environmentMetadataOf,
  canTransition,
  finalProgressOf,
  finalStatusOf,
  isFinal,
  loadOptionsOf,
  progressOf,
  unrunnableReason,
  type ProfileSnapshot,
} from '../run-state.js';

const profile: ProfileSnapshot = {
  id: 'p',
  name: 'checkout',
  version: 1,
  endpoints: ['http://127.0.0.1:8080/'],
  durationMs: 10_000,
  model: { kind: 'open', rate: 500, connections: 4 },
  generator: 'meshplane',
  protocol: 'http1',
  method: 'POST',
  headers: { 'x-a': '1' },
  body: '{}',
  workers: 1,
  labels: {},
};

const result = (overrides: Partial<LoadResult> = {}) =>
  ({
    requests: 100,
    errors: 1,
    achievedRate: 10,
    generatorHealth: { saturated: false },
    ...overrides,
  }) as LoadResult;

describe('run state', () => {
  it('moves forward only, and the final states are final', () => {
    expect(canTransition('PENDING', 'RUNNING')).toBe(true);
    expect(canTransition('PENDING', 'CANCELLED')).toBe(true);
    expect(canTransition('RUNNING', 'PARTIAL')).toBe(true);
    expect(canTransition('SUCCEEDED', 'RUNNING')).toBe(false);
    expect(canTransition('RUNNING', 'PENDING')).toBe(false);
    expect(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].every((s) => isFinal(s as never))).toBe(true);
    expect(isFinal('RUNNING')).toBe(false);
  });

  it('says why a profile cannot run here, and nothing for one that can', () => {
    expect(unrunnableReason(profile)).toBeNull();
    expect(unrunnableReason({ ...profile, generator: 'wrk' })).toMatch(/generator wrk/);
    expect(unrunnableReason({ ...profile, workers: 3 })).toBeNull();
    // Several endpoints: Meshplane's generator spreads the load over them, one share each at least, on one worker.
    const two = { ...profile, endpoints: ['http://127.0.0.1/a', 'http://127.0.0.1/b'] };
    expect(unrunnableReason(two)).toBeNull();
    expect(
      unrunnableReason({ ...two, generator: 'wrk' }, [{ name: 'wrk', found: true, version: '4.1.0' }]),
    ).toMatch(/2 endpoints: generator wrk measures one endpoint/);
    expect(unrunnableReason({ ...two, workers: 2 })).toMatch(/runs on one perf worker; set workers to 1/);
    expect(unrunnableReason({ ...two, model: { kind: 'open', rate: 10, connections: 1 } })).toMatch(
      /2 endpoints need connections of at least 2/,
    );
    expect(unrunnableReason({ ...two, model: { kind: 'closed', concurrency: 1 } })).toMatch(
      /2 endpoints need concurrency of at least 2/,
    );
  });

  it('maps the open and closed models, never more threads than connections', () => {
    expect(loadOptionsOf(profile, 8)).toMatchObject({
      model: 'open',
      rate: 500,
      connections: 4,
      threads: 4,
      method: 'POST',
      body: '{}',
    });
    const closed = loadOptionsOf({ ...profile, body: null, model: { kind: 'closed', concurrency: 2 } }, 8);
    expect(closed).toMatchObject({ model: 'closed', concurrency: 2, connections: 2, threads: 2 });
    expect(closed).not.toHaveProperty('body');
  });

  it('shapes progress with the rate over the measured window (none during warm-up)', () => {
    expect(progressOf({ phase: 'warmup', elapsedMs: 300, requests: 0, errors: 0 }, 10_000).currentRate).toBe(
      0,
    );
    expect(progressOf({ phase: 'measure', elapsedMs: 2_000, requests: 1_000, errors: 3 }, 10_000)).toEqual({
      phase: 'measure',
      elapsedMs: 2_000,
      plannedMs: 10_000,
      requests: 1_000,
      errors: 3,
      currentRate: 500,
    });
  });

  it('keeps the asked window as plannedMs of a finished run, and whole milliseconds (GraphQL Int) throughout', () => {
    const measured = result({
      durationMs: 1_000.4375,
      warmupMs: 0,
      requests: 50,
      errors: 50,
      achievedRate: 49.98,
    });
    expect(finalProgressOf(null, measured, 1_000)).toEqual({
      phase: 'drain',
      elapsedMs: 1_000,
      plannedMs: 1_000,
      requests: 50,
      errors: 50,
      currentRate: 50,
    });
    const seen = progressOf({ phase: 'measure', elapsedMs: 990.5, requests: 49, errors: 49 }, 1_000);
    expect(finalProgressOf(seen, measured, 1_000)).toMatchObject({ elapsedMs: 991, plannedMs: 1_000 });
  });

  it('ends cancelled, partial, failed without requests, or succeeded saying when the generator was saturated', () => {
    expect(finalStatusOf(result(), true).status).toBe('CANCELLED');
    expect(finalStatusOf(result({ partial: { reason: 'worker 2 lost' } }), false)).toEqual({
      status: 'PARTIAL',
      message: 'worker 2 lost',
    });
    expect(finalStatusOf(result({ requests: 0 }), false).status).toBe('FAILED');
    expect(finalStatusOf(result(), false)).toEqual({
      status: 'SUCCEEDED',
      message: '100 requests, 1 errors, 10.0 req/s',
    });
    expect(
      finalStatusOf(result({ generatorHealth: { saturated: true } as LoadResult['generatorHealth'] }), false)
        .message,
    ).toMatch(/saturated/);
  });
});

describe('environmentMetadataOf', () => {
  const cluster = {
    clusterId: '6f1b2c4e-8a57-4f2e-9d1c-3b5a7e9f0c12',
    name: 'lab',
    kubernetesVersion: 'v1.30.2',
    nodeCount: 2,
  };
  const mesh = (meshId: string, version: string | null) => ({
    meshId,
    name: meshId,
    version,
    proxyCount: 1,
    injectedNamespaces: [],
  });

  it('is unknown without a cluster, and a baseline (no mesh) on a cluster without one', () => {
    expect(environmentMetadataOf(null)).toEqual({
      clusterName: 'unknown',
      kubernetesVersion: 'unknown',
      nodeCount: 0,
    });
    expect(environmentMetadataOf({ ...cluster, meshes: [] })).toEqual({
      clusterName: 'lab',
      kubernetesVersion: 'v1.30.2',
      nodeCount: 2,
    });
  });

  it('names the one mesh and its version, or several joined in mesh id order, unknown versions said so', () => {
    expect(environmentMetadataOf({ ...cluster, meshes: [mesh('istio', '1.23.0')] })).toMatchObject({
      mesh: 'istio',
      meshVersion: '1.23.0',
    });
    expect(
      environmentMetadataOf({ ...cluster, meshes: [mesh('linkerd', null), mesh('istio', '1.22.1')] }),
    ).toMatchObject({ mesh: 'istio+linkerd', meshVersion: '1.22.1+unknown' });
  });
});

describe('unrunnableReason for external generators', () => {
  const profile = {
    id: 'p',
    name: 'p',
    version: 1,
    endpoints: ['http://127.0.0.1:8080/'],
    durationMs: 1_000,
    model: { kind: 'closed' as const, concurrency: 2 },
    generator: 'wrk',
    protocol: 'http1' as const,
    method: 'GET',
    headers: {},
    body: null,
    workers: 1,
    labels: {},
  };

  it('refuses a tool not found, naming those that are; runs one found on one worker only', () => {
    expect(unrunnableReason(profile, [])).toMatch(/wrk is not installed .*found: none/);
    expect(
      unrunnableReason(profile, [
        { name: 'wrk', found: false },
        { name: 'fortio', found: true, version: '1.63.0' },
      ]),
    ).toMatch(/found: fortio 1\.63\.0/);
    const found = [{ name: 'wrk' as const, found: true, path: '/usr/bin/wrk' }];
    expect(unrunnableReason(profile, found)).toBeNull();
    expect(unrunnableReason({ ...profile, workers: 3 }, found)).toMatch(/one perf worker/);
  });
});
