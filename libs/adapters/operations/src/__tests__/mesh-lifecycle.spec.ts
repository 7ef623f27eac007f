import { describe, expect, it } from 'vitest';
import { meshLifecycleOf, type InstallOperation } from '../state/mesh-lifecycle.js';

const op = (overrides: Partial<InstallOperation>): InstallOperation => ({
  id: 'op',
  adapterId: 'istio',
  adapterName: 'istio-adapter',
  status: 'SUCCEEDED',
  delete: false,
  input: { version: '1.22.1' },
  message: null,
  createdAt: new Date('2026-12-05T00:00:00Z'),
  finishedAt: new Date('2026-12-05T00:01:00Z'),
  ...overrides,
});

describe('meshLifecycleOf', () => {
  it("takes each adapter's latest install operation (newest first) and names its state and version", () => {
    const entries = meshLifecycleOf([
      op({
        id: 'remove-linkerd',
        adapterId: 'linkerd',
        adapterName: 'linkerd-adapter',
        delete: true,
        input: { version: '2.14.10' },
      }),
      op({ id: 'upgrade', input: { version: '1.23.0' } }),
      op({ id: 'install', input: { version: '1.22.1' } }),
    ]);
    expect(
      entries.map(({ adapterId, state, version, operationId }) => ({
        adapterId,
        state,
        version,
        operationId,
      })),
    ).toEqual([
      { adapterId: 'linkerd', state: 'REMOVED', version: '2.14.10', operationId: 'remove-linkerd' },
      { adapterId: 'istio', state: 'INSTALLED', version: '1.23.0', operationId: 'upgrade' },
    ]);
  });

  it('shows work in progress, and a failed or cancelled latest operation as FAILED with its message', () => {
    expect(meshLifecycleOf([op({ status: 'RUNNING', finishedAt: null })])[0]?.state).toBe('INSTALLING');
    expect(meshLifecycleOf([op({ status: 'PENDING', delete: true, finishedAt: null })])[0]?.state).toBe(
      'REMOVING',
    );
    const failed = meshLifecycleOf([
      op({ status: 'FAILED', message: 'istiod not ready' }),
      op({ id: 'before' }),
    ])[0];
    expect(failed).toMatchObject({ state: 'FAILED', message: 'istiod not ready' });
    expect(meshLifecycleOf([op({ status: 'CANCELLED', input: {} })])[0]).toMatchObject({
      state: 'FAILED',
      version: null,
    });
  });
});
