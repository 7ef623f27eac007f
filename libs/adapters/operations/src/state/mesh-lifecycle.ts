import type { OperationStatus } from './operation-state.js';

export const MESH_LIFECYCLE_STATES = ['INSTALLING', 'INSTALLED', 'REMOVING', 'REMOVED', 'FAILED'] as const;
export type MeshLifecycleState = (typeof MESH_LIFECYCLE_STATES)[number];

/** What the lifecycle reads of an install-category operation. */
export interface InstallOperation {
  id: string;
  adapterId: string;
  adapterName: string;
  status: OperationStatus;
  delete: boolean;
  input: Record<string, unknown>;
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface MeshLifecycleEntry {
  adapterId: string;
  adapterName: string;
  state: MeshLifecycleState;
  /** The version the latest operation asked for (its input's `version`), when it named one. */
  version: string | null;
  operationId: string;
  message: string | null;
  at: Date;
}

/**
 * Per adapter, what its latest install operation on the cluster says: in progress (INSTALLING/REMOVING), done
 * (INSTALLED/REMOVED) or FAILED (failed or cancelled; what was there before is then unknown to the broker).
 * `operations` newest first; an upgrade is an install of another version, so it shows as that version INSTALLED.
 */
export function meshLifecycleOf(operations: readonly InstallOperation[]): MeshLifecycleEntry[] {
  const latest = new Map<string, InstallOperation>();
  for (const op of operations) if (!latest.has(op.adapterId)) latest.set(op.adapterId, op);
  return [...latest.values()].map((op) => ({
    adapterId: op.adapterId,
    adapterName: op.adapterName,
    state: stateOf(op),
    version: typeof op.input['version'] === 'string' ? op.input['version'] : null,
    operationId: op.id,
    message: op.message,
    at: op.finishedAt ?? op.createdAt,
  }));
}

function stateOf(op: InstallOperation): MeshLifecycleState {
  switch (op.status) {
    case 'PENDING':
    case 'RUNNING':
      return op.delete ? 'REMOVING' : 'INSTALLING';
    case 'SUCCEEDED':
      return op.delete ? 'REMOVED' : 'INSTALLED';
    case 'FAILED':
    case 'CANCELLED':
      return 'FAILED';
  }
}
