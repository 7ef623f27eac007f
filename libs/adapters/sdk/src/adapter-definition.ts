import type { JsonObject } from './json.js';

export type OperationCategory = 'install' | 'sample-application' | 'configure' | 'validate' | 'custom';

export type EventSeverity = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** What an adapter says about itself (GetInfo). */
export interface AdapterInfoSpec {
  name: string;
  version: string;
  /** The mesh id as discovery's fingerprint rules name it, e.g. "istio". */
  mesh: string;
  supportedMeshVersions: string[];
  build?: { gitCommit?: string; builtAt?: Date };
}

/** One event an operation reports while it runs. */
export interface OperationEventInput {
  severity?: EventSeverity;
  summary: string;
  details?: string;
  probableCause?: string[];
  suggestedRemediation?: string[];
  /** 0–100. */
  progressPercent?: number;
}

/** The cluster an operation works on. */
export interface OperationTarget {
  connectionId: string;
  /**
   * The kubeconfig Meshplane rebuilt for this connection (YAML), when the broker sent one. In memory for this run
   * only: never log it. Hand it to `applyManifests`/`deleteManifests` as `{ kubeconfig, policy }`.
   */
  kubeconfig: string | undefined;
}

/** What a handler gets for one run. */
export interface OperationContext<TInput = JsonObject> {
  /** The idempotency key of this run. */
  operationId: string;
  operation: string;
  orgId: string;
  namespace: string;
  /** Validated against the operation's input schema, defaults applied. */
  input: TInput;
  delete: boolean;
  dryRun: boolean;
  target: OperationTarget;
  deadline: Date | undefined;
  /** Aborted on CancelOperation or at the deadline; pass it to every call that can take time. */
  signal: AbortSignal;
  emit(event: OperationEventInput): void;
  info(summary: string, details?: string): void;
  warn(summary: string, details?: Omit<OperationEventInput, 'summary' | 'severity'>): void;
  /** An info event with progress. */
  progress(percent: number, summary: string): void;
}

export interface OperationResult {
  message?: string;
  output?: JsonObject;
}

export interface OperationSpec<TInput = JsonObject> {
  name: string;
  displayName?: string;
  description: string;
  category: OperationCategory;
  /** Mesh versions it applies to; empty/absent: every supported version. */
  versions?: string[];
  /** JSON Schema (draft 2020-12) of the input; compiled when the server is created (a broken one fails then). */
  inputSchema: JsonObject;
  supportsDryRun?: boolean;
  supportsDelete?: boolean;
  /** Re-running under a new operation id converges to the same state (see the proto's `idempotent`). */
  idempotent?: boolean;
  run(ctx: OperationContext<TInput>): Promise<OperationResult | void>;
}

export interface ComponentSpec {
  kind: string;
  apiVersion: string;
  model: string;
  modelVersion: string;
  displayName?: string;
  description?: string;
  schema: JsonObject;
}

/** A fingerprint rule in discovery's format (a `rules/<mesh>.yaml` document of libs/meshsync/fingerprints). */
export type FingerprintRuleDocument = JsonObject;

export interface AdapterDefinition {
  info: AdapterInfoSpec;
  // Each operation narrows its own input type; the server only sees validated JSON objects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  operations: OperationSpec<any>[];
  components?: ComponentSpec[];
  fingerprints?: FingerprintRuleDocument[];
}

/**
 * Throw it from a handler to fail the run with a cause and a remedy people can act on (they go into the final
 * event); any other error fails the run with its message.
 */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly details: { probableCause?: string[]; suggestedRemediation?: string[]; details?: string } = {},
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

/** A typed helper so that an operation's input type follows from one declaration. */
export function defineOperation<TInput = JsonObject>(spec: OperationSpec<TInput>): OperationSpec<TInput> {
  return spec;
}
