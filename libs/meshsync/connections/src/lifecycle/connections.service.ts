import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { checkText, DomainError, isUuid, NotFoundError } from '@meshplane/graphql';
import { Clock, KeyedLimiter } from '@meshplane/runtime';
import {
  checkKubeconfigServers,
  isKubeconfigError,
  parseKubeconfigContexts,
  sealCredentials,
  type ContextParseResult,
  type CredentialKeyring,
  type ServerUrlPolicy,
} from '@meshplane/k8s';
import {
  CONNECTIONS_CONFIG,
  SERVER_URL_POLICY,
  type ConnectionsConfig,
} from '../config/connections.config.js';
import { ConnectionEntity } from '../entities/connection.entity.js';
import { type ContextImportOutcome } from '../import/context-import.result.js';
import {
  checkNamePrefix,
  checkRequestedContexts,
  MAX_CONNECTION_NAME,
  MAX_CONTEXTS_PER_IMPORT,
} from '../import/import-input.validation.js';
import { type ConnectionRef } from '../persistence/connection-ref.js';
import {
  ConnectionNameTakenError,
  ConnectionsRepository,
  type StatusWrite,
} from '../persistence/connections.repository.js';
import { ConnectionProber } from './connection-prober.js';
import { ConnectionStatusEvents } from './connection-status.events.js';

export interface ImportKubeconfigCommand {
  readonly orgId: string;
  readonly userId: string;
  readonly kubeconfig: string;
  readonly contexts?: readonly string[] | null;
  readonly namePrefix?: string | null;
}

/** Kubeconfig import and the connection lifecycle: connecting → connected | disconnected → deleted. */
@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);
  /** Probes per organization at a time, per replica: a thousand-context import never takes another organization's turn. */
  private readonly probes: KeyedLimiter;

  constructor(
    @Inject(CONNECTIONS_CONFIG) private readonly config: ConnectionsConfig,
    @Inject(SERVER_URL_POLICY) private readonly serverPolicy: ServerUrlPolicy,
    private readonly repository: ConnectionsRepository,
    private readonly prober: ConnectionProber,
    private readonly events: ConnectionStatusEvents,
    private readonly clock: Clock,
  ) {
    this.probes = new KeyedLimiter(config.probeConcurrency);
  }

  /** How long a probe may hold a connection before another replica's ping may take it over. */
  get leaseMs(): number {
    return this.config.probeTimeoutMs * 2 + 5_000;
  }

  /**
   * The document is parsed once (at most MAX_CONTEXTS_PER_IMPORT entries per list, whatever is selected); each
   * context is then checked and stored in its own transaction, so a bad one is reported (naming the context and
   * the field) without blocking the others. Then every stored connection is probed, a bounded number at a time
   * per organization.
   */
  async importKubeconfig(command: ImportKubeconfigCommand): Promise<ContextImportOutcome[]> {
    const prefix = checkNamePrefix(command.namePrefix);
    const requested = checkRequestedContexts(command.contexts);
    const keyring = this.requireKeyring();
    const contexts = this.parseContexts(command.kubeconfig, requested);
    const outcomes: ContextImportOutcome[] = [];
    for (const context of contexts) {
      outcomes.push(await this.importContext(command, context, prefix, keyring));
    }
    return Promise.all(
      outcomes.map(async (outcome) =>
        outcome.connection ? { ...outcome, connection: await this.probe(outcome.connection) } : outcome,
      ),
    );
  }

  find(orgId: string, id: string): Promise<ConnectionEntity | null> {
    return isUuid(id) ? this.repository.find(orgId, id) : Promise.resolve(null);
  }

  async ping(orgId: string, id: string): Promise<ConnectionEntity> {
    const connection = await this.requireLive(orgId, id);
    if (connection.userDisconnected) {
      throw new DomainError('CONNECTION_DISCONNECTED', 'The connection was disconnected: reconnect it first');
    }
    return this.probe(connection);
  }

  async disconnect(orgId: string, id: string): Promise<ConnectionEntity> {
    return this.published(orgId, await this.repository.disconnectByUser(orgId, await this.liveId(orgId, id)));
  }

  async reconnect(orgId: string, id: string): Promise<ConnectionEntity> {
    const write = await this.repository.markReconnecting(orgId, await this.liveId(orgId, id), this.leaseMs);
    return this.probe(this.published(orgId, write));
  }

  async delete(orgId: string, id: string): Promise<ConnectionEntity> {
    return this.published(orgId, await this.repository.markDeleted(orgId, await this.liveId(orgId, id)));
  }

  /** The periodic ping of one connection this replica has leased. */
  async pingClaimed(ref: ConnectionRef): Promise<void> {
    const connection = await this.repository.find(ref.orgId, ref.connectionId);
    if (connection?.credentials && connection.status !== 'deleted') await this.probe(connection);
  }

  private async probe(connection: ConnectionEntity): Promise<ConnectionEntity> {
    const { orgId, id, credentials } = connection;
    if (!credentials) return connection;
    const outcome = await this.probes.run(orgId, () => this.prober.probe(credentials, id));
    const write = outcome.ok
      ? await this.repository.recordConnected(orgId, id, outcome.probe, credentials.cluster.name)
      : await this.repository.recordDisconnected(orgId, id, outcome.message);
    if (!write) return (await this.repository.find(orgId, id)) ?? connection;
    return this.published(orgId, write);
  }

  private published(orgId: string, write: StatusWrite | null): ConnectionEntity {
    if (!write) throw new NotFoundError('Connection');
    const { connection, before } = write;
    this.events.emit({
      orgId,
      connectionId: connection.id,
      clusterId: connection.clusterId,
      before,
      status: connection.status,
    });
    return connection;
  }

  private async requireLive(orgId: string, id: string): Promise<ConnectionEntity> {
    const connection = await this.find(orgId, id);
    if (!connection || connection.status === 'deleted') throw new NotFoundError('Connection');
    return connection;
  }

  private async liveId(orgId: string, id: string): Promise<string> {
    return (await this.requireLive(orgId, id)).id;
  }

  private requireKeyring(): CredentialKeyring {
    if (!this.config.keyring) {
      throw new DomainError(
        'CREDENTIALS_UNAVAILABLE',
        'This installation cannot store cluster credentials: an operator must set CREDENTIALS_KEYS',
      );
    }
    return this.config.keyring;
  }

  private parseContexts(kubeconfig: string, requested: string[] | undefined): ContextParseResult[] {
    try {
      return parseKubeconfigContexts(kubeconfig, {
        ...(requested && { contexts: requested }),
        maxEntries: MAX_CONTEXTS_PER_IMPORT,
      });
    } catch (error) {
      if (isKubeconfigError(error)) {
        throw new DomainError('BAD_USER_INPUT', `input.kubeconfig: ${error.message}`, {
          field: 'input.kubeconfig',
          kubeconfigField: error.field,
          reason: error.code,
        });
      }
      throw error;
    }
  }

  private async importContext(
    command: ImportKubeconfigCommand,
    parsed: ContextParseResult,
    prefix: string,
    keyring: CredentialKeyring,
  ): Promise<ContextImportOutcome> {
    const context = parsed.name;
    let name = context;
    try {
      if (parsed.error) throw parsed.error;
      const sanitized = parsed.context;
      await checkKubeconfigServers({ contexts: [sanitized] }, this.serverPolicy);
      name = `${prefix}${sanitized.name}`;
      checkText(name, 'name', { max: MAX_CONNECTION_NAME, trim: false });
      const id = randomUUID();
      const connection = Object.assign(new ConnectionEntity(), {
        id,
        orgId: command.orgId,
        clusterId: null,
        name,
        contextName: sanitized.name,
        server: sanitized.cluster.server,
        status: 'connecting',
        statusMessage: null,
        userDisconnected: false,
        credentials: sealCredentials(sanitized, keyring, id),
        createdBy: command.userId,
        createdAt: this.clock.now(),
        lastPingAt: null,
        // Ours to probe right after the insert: the periodic ping must not probe it at the same time.
        pingLeaseUntil: new Date(this.clock.nowMs() + this.leaseMs),
        deletedAt: null,
      } satisfies ConnectionEntity);
      return { context, connection: await this.repository.insert(connection) };
    } catch (error) {
      return { context, error: this.failure(error, name) };
    }
  }

  private failure(error: unknown, name: string): { code: string; field: string | null; message: string } {
    if (isKubeconfigError(error)) return { code: error.code, field: error.field, message: error.message };
    if (error instanceof ConnectionNameTakenError) {
      return { code: 'NAME_TAKEN', field: 'name', message: `a connection named "${name}" already exists` };
    }
    if (error instanceof DomainError) {
      const field = error.details['field'];
      return { code: error.code, field: typeof field === 'string' ? field : null, message: error.message };
    }
    // Storage faults: reported per context, logged by message only (a kubeconfig is full of credentials).
    this.logger.error(`importing a context failed: ${(error as Error).message}`);
    return { code: 'INTERNAL', field: null, message: 'The context could not be stored; try again' };
  }
}
