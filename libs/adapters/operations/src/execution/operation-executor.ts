import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { AdapterDirectory } from '@meshplane/adapters-registry';
import { adapterOperationEvent } from '@meshplane/contracts';
import { adapterV1 } from '@meshplane/contracts/grpc';
import { Publisher } from '@meshplane/messaging';
import { ClaimLoop, Clock, SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import { OPERATIONS_CONFIG, type OperationsConfig } from '../config/operations.config.js';
import { type AdapterOperationEventEntity } from '../entities/adapter-operation-event.entity.js';
import { type AdapterOperationEntity } from '../entities/adapter-operation.entity.js';
import { OperationsRepository, type ClaimedOperation } from '../persistence/operations.repository.js';
import {
  afterAttempt,
  canTransition,
  resumeDecision,
  retryDelayMs,
  type AttemptOutcome,
  type OperationStatus,
} from '../state/operation-state.js';
import { applyOperation, cancelOperation, followEvents, isUnreachable } from './adapter-calls.js';
import { ClusterCredentials } from './cluster-credentials.js';
import { eventPayload, eventRow } from './operation-events.js';

/** Past the operation's deadline, how long the broker waits for the adapter's own DEADLINE_EXCEEDED answer. */
const DEADLINE_GRACE_MS = 5_000;
/** After ApplyOperation answered, how long the event stream gets to deliver its last events. */
const STREAM_DRAIN_MS = 2_000;
const CANCEL_TIMEOUT_MS = 5_000;

/**
 * Executes pending operations on every replica: each claims operations (claim_adapter_operations: FOR UPDATE
 * SKIP LOCKED + a lease it renews), calls ApplyOperation with the operation's id, relays StreamEvents (stored once
 * per sequence, then published with the sequence as Nats-Msg-Id) and records the end. A replica that dies leaves
 * a lease that expires; the next one re-sends the SAME id, which the adapter attaches to instead of running again.
 */
@Injectable()
export class OperationExecutor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OperationExecutor.name);
  private readonly running = new Map<string, { cancel: () => void; detach: () => void }>();
  private readonly loop: ClaimLoop<ClaimedOperation>;

  constructor(
    @Inject(OPERATIONS_CONFIG) private readonly config: OperationsConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly operations: OperationsRepository,
    private readonly directory: AdapterDirectory,
    private readonly publisher: Publisher,
    private readonly clock: Clock,
    private readonly credentials: ClusterCredentials,
  ) {
    this.loop = new ClaimLoop(
      {
        claim: (free) => this.operations.claim(this.owner, this.config.leaseMs, free),
        execute: (claim) => this.execute(claim).finally(() => this.running.delete(claim.id)),
        describe: (claim) => `operation ${claim.id}`,
        warn: (message) => this.logger.warn(message),
      },
      { pollMs: config.pollMs, concurrency: config.concurrency },
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /**
   * Leaves the operations this replica runs without ending them (the adapter goes on): their leases are released,
   * so another replica resumes each under the same id at once, instead of this shutdown waiting for their end.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const stopping = this.loop.stop();
    for (const running of this.running.values()) running.detach();
    await stopping;
  }

  /** Looks for pending operations now (a run requested on this replica starts without waiting for the tick). */
  wake(): void {
    this.loop.wake();
  }

  /** Asks the adapter to cancel when this replica runs the operation (others notice at their next lease renewal). */
  cancelIfRunningHere(operationId: string): void {
    this.running.get(operationId)?.cancel();
  }

  private get owner(): string {
    return this.identity.instance;
  }

  private async execute(claim: ClaimedOperation): Promise<void> {
    // The operation, its last stored event and its adapter: one transaction of the organization.
    const loaded = await this.operations.loadForAttempt(claim.orgId, claim.id, (manager, row) =>
      this.directory.findInTenantTransaction(manager, row.adapterId),
    );
    const op = loaded?.op;
    if (!loaded || op?.status !== 'RUNNING' || op.leaseOwner !== this.owner) return;
    const attempt: Attempt = { lastSequence: loaded.lastSequence, final: undefined };
    if (claim.resumed) {
      const decision = resumeDecision(op.deadlineAt, this.clock.now());
      if (!decision.resume) return this.end(op, attempt, { status: 'FAILED', message: decision.message });
    }
    const adapter = loaded.also;
    const named = `adapter ${op.adapterName}`;
    if (!adapter) {
      return this.end(op, attempt, { status: 'FAILED', message: `${named} is no longer registered` });
    }
    // Where the operator's adapters run is the deployment's internal network: tenants get no addresses in errors.
    const internal = adapter.orgId === null;
    const connection = await this.directory.connect(adapter);
    if (!connection.ok) {
      const reason = internal ? 'its address is not allowed' : connection.reason;
      return this.endAfter(op, attempt, { kind: 'unreachable', message: `${named} not reached: ${reason}` });
    }
    // Fetched for this attempt only (a token may have been rotated since the last one); never stored.
    let kubeconfig: Buffer | undefined;
    if (op.connectionId !== null) {
      const fetched = await this.credentials.fetch(op.orgId, op.connectionId, op.id);
      if (!fetched.ok) {
        connection.release();
        return this.endAfter(op, attempt, {
          kind: fetched.retry ? 'not-sent' : 'refused',
          message: fetched.message,
        });
      }
      kubeconfig = fetched.kubeconfig;
      if (fetched.clusterId !== null && fetched.clusterId !== op.clusterId)
        await this.operations.recordCluster(op.orgId, op.id, fetched.clusterId);
    }
    const client = connection.client;
    let unreachable = false;
    const aborted = new AbortController();
    let cancelSent = false;
    const cancel = (): void => {
      if (cancelSent) return;
      cancelSent = true;
      void cancelOperation(client, op.id, CANCEL_TIMEOUT_MS);
    };
    this.running.set(op.id, { cancel, detach: () => aborted.abort() });
    const heartbeat = setInterval(
      () => {
        this.operations
          .renewLease(op.orgId, op.id, this.owner, this.config.leaseMs)
          .then(({ held, cancelRequested }) => {
            if (!held) aborted.abort();
            else if (cancelRequested) cancel();
          })
          .catch((error: unknown) =>
            this.logger.warn(`lease renewal of ${op.id}: ${(error as Error).message}`),
          );
      },
      Math.max(50, Math.floor(this.config.leaseMs / 3)),
    );
    try {
      if (op.cancelRequested) cancel();
      const callDeadline = new Date(op.deadlineAt.getTime() + DEADLINE_GRACE_MS);
      const events = followEvents(client, op.id, attempt.lastSequence, callDeadline, (event) =>
        this.relay(op, attempt, event),
      );
      aborted.signal.addEventListener('abort', () => events.stop(), { once: true });
      const answer = await applyOperation(client, this.request(op, kubeconfig), callDeadline, aborted.signal);
      await Promise.race([events.done, new Promise((resolve) => setTimeout(resolve, STREAM_DRAIN_MS))]);
      events.stop();
      if (aborted.signal.aborted) {
        if (this.loop.stopping) await this.operations.releaseLease(op.orgId, op.id, this.owner);
        else this.logger.warn(`operation ${op.id}: another replica took it over; not recording this attempt`);
        return;
      }
      const outcome = outcomeOf(named, answer, internal);
      unreachable = outcome.kind === 'unreachable';
      const output = answer.kind === 'answered' ? (answer.response.output ?? null) : null;
      await this.endAfter(op, attempt, outcome, output);
    } finally {
      clearInterval(heartbeat);
      connection.release({ broken: unreachable });
    }
  }

  /**
   * The kubeconfig rides only on a channel the address policy allowed: loopback, TLS that verified the adapter, or
   * plaintext the operator opened on purpose (ADAPTER_ALLOW_PLAINTEXT, which says so).
   */
  private request(
    op: AdapterOperationEntity,
    kubeconfig: Buffer | undefined,
  ): adapterV1.ApplyOperationRequest {
    return {
      operationId: op.id,
      operation: op.operation,
      orgId: op.orgId,
      target: {
        connectionId: op.connectionId ?? '',
        credentials: kubeconfig === undefined ? undefined : { kubeconfig, sealed: undefined },
      },
      namespace: op.namespace,
      input: op.input,
      delete: op.delete,
      dryRun: op.dryRun,
      deadline: op.deadlineAt,
    };
  }

  /**
   * Relays one event of the adapter: stored, then published (its sequence is the Nats-Msg-Id). The event that ends
   * the operation is held back and stored in the transaction that records the end (see end).
   */
  private async relay(
    op: AdapterOperationEntity,
    attempt: Attempt,
    event: adapterV1.OperationEvent,
  ): Promise<void> {
    if (event.operationId !== op.id) return;
    const row = eventRow(op.orgId, event, this.clock.now());
    if (!row) return;
    attempt.lastSequence = Math.max(attempt.lastSequence, row.sequence);
    if (row.status !== null) {
      attempt.final = row;
      return;
    }
    await this.operations.appendEvent(row);
    await this.publish(op, row);
  }

  /** Published even when the row was already stored: a replica may have died between the two (Nats-Msg-Id dedups). */
  private async publish(op: AdapterOperationEntity, row: AdapterOperationEventEntity): Promise<void> {
    try {
      await this.publisher.publish(adapterOperationEvent, eventPayload(row, op.adapterId), {
        tenant: op.orgId,
      });
    } catch (error) {
      this.logger.warn(
        `event ${row.sequence} of operation ${op.id} not published: ${(error as Error).message}`,
      );
    }
  }

  private async endAfter(
    op: AdapterOperationEntity,
    attempt: Attempt,
    outcome: AttemptOutcome,
    output: Record<string, unknown> | null = null,
  ): Promise<void> {
    // An adapter's answer decides alone; otherwise (unreachable, not sent) whether to retry depends on the
    // attempts and a cancellation requested meanwhile: read again.
    const fresh = outcome.kind === 'finished' ? op : ((await this.operations.find(op.orgId, op.id)) ?? op);
    const decision = afterAttempt(
      {
        attempts: fresh.attempts,
        maxAttempts: this.config.maxAttempts,
        idempotent: fresh.idempotent,
        cancelRequested: fresh.cancelRequested,
        deadlineAt: fresh.deadlineAt,
        now: this.clock.now(),
      },
      outcome,
    );
    if (decision.status === 'PENDING') {
      const delay = retryDelayMs(fresh.attempts, this.config.retryBackoffMs);
      const notBefore = new Date(this.clock.now().getTime() + delay);
      // The adapter's final event (if any) is kept: the next attempt relays from after it.
      const events = attempt.final ? [attempt.final] : [];
      await this.operations.finish(op.orgId, op.id, this.owner, { ...decision, notBefore }, events);
      return;
    }
    await this.end(op, attempt, { ...decision, output });
  }

  /**
   * Records the end: the adapter's final event, or one of the broker's when that did not arrive, published first
   * (a replica that dies before the commit resumes the operation and publishes it again under the same id), then
   * stored with the final state in one transaction.
   */
  private async end(
    op: AdapterOperationEntity,
    attempt: Attempt,
    next: { status: OperationStatus; message: string; output?: Record<string, unknown> | null },
  ): Promise<void> {
    // Everything here ends (or re-queues) a run this replica holds: the SQL only writes from RUNNING.
    if (!canTransition('RUNNING', next.status))
      throw new Error(`RUNNING → ${next.status} is not a transition`);
    const event: AdapterOperationEventEntity = attempt.final ?? {
      operationId: op.id,
      sequence: attempt.lastSequence + 1,
      orgId: op.orgId,
      severity: next.status === 'FAILED' ? 'ERROR' : next.status === 'CANCELLED' ? 'WARNING' : 'INFO',
      summary: next.message.slice(0, 2_000),
      details: null,
      probableCause: [],
      suggestedRemediation: [],
      progressPercent: null,
      status: next.status,
      at: this.clock.now(),
    };
    await this.publish(op, event);
    await this.operations.finish(op.orgId, op.id, this.owner, next, [event]);
  }
}

/** What one attempt has seen of the adapter's events. */
interface Attempt {
  /** The highest sequence stored before the attempt or relayed in it. */
  lastSequence: number;
  /** The adapter's event that ends the operation, stored with the final state. */
  final: AdapterOperationEventEntity | undefined;
}

function outcomeOf(
  named: string,
  answer: Awaited<ReturnType<typeof applyOperation>>,
  internal: boolean,
): AttemptOutcome {
  if (answer.kind === 'answered') {
    const { state, message } = answer.response;
    switch (state) {
      case adapterV1.OperationState.OPERATION_STATE_SUCCEEDED:
        return { kind: 'finished', state: 'SUCCEEDED', message };
      case adapterV1.OperationState.OPERATION_STATE_CANCELLED:
        return { kind: 'finished', state: 'CANCELLED', message };
      case adapterV1.OperationState.OPERATION_STATE_DEADLINE_EXCEEDED:
        return { kind: 'finished', state: 'DEADLINE_EXCEEDED', message };
      case adapterV1.OperationState.OPERATION_STATE_FAILED:
      case adapterV1.OperationState.OPERATION_STATE_UNSPECIFIED:
      case adapterV1.OperationState.OPERATION_STATE_RUNNING:
      case adapterV1.OperationState.UNRECOGNIZED:
        return { kind: 'finished', state: 'FAILED', message: message || `${named} reported a failure` };
    }
  }
  if (answer.code === GrpcStatus.DEADLINE_EXCEEDED) {
    return { kind: 'timed-out', message: `${named} did not answer before the operation's deadline` };
  }
  if (isUnreachable(answer.code)) {
    const why = internal ? GrpcStatus[answer.code] : answer.details;
    return { kind: 'unreachable', message: `${named} unreachable or went away mid-operation: ${why}` };
  }
  return { kind: 'refused', message: `${named} refused the operation: ${answer.details}` };
}
