import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { applyKeyset, withTenant } from '@meshplane/database';
import { type ClusterProbe, type SealedContext } from '@meshplane/k8s';
import { Clock } from '@meshplane/runtime';
import { ClusterEntity } from '../entities/cluster.entity.js';
import { ConnectionEntity } from '../entities/connection.entity.js';
import { type ConnectionStatusValue } from '../entities/connection-status.js';
import { keysetOf, type PageQuery } from './page-query.js';

export interface ConnectionFilter {
  statuses?: readonly ConnectionStatusValue[];
  clusterId?: string;
  nameContains?: string;
}

/** What a status write did: `before` is the status it replaced (for change notifications). */
export interface StatusWrite {
  readonly connection: ConnectionEntity;
  readonly before: ConnectionStatusValue;
}

const UNIQUE_VIOLATION = '23505';

export class ConnectionNameTakenError extends Error {
  constructor() {
    super('a connection with this name already exists');
    this.name = 'ConnectionNameTakenError';
  }
}

/** Tenant-scoped persistence of connections and the clusters they identify; every method runs in withTenant. */
@Injectable()
export class ConnectionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  inTenant<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  /** One context, one transaction: either the row is there with its sealed credentials, or nothing is. */
  async insert(connection: ConnectionEntity): Promise<ConnectionEntity> {
    try {
      return await this.inTenant(connection.orgId, (m) => m.getRepository(ConnectionEntity).save(connection));
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION)
        throw new ConnectionNameTakenError();
      throw error;
    }
  }

  find(orgId: string, id: string): Promise<ConnectionEntity | null> {
    return this.inTenant(orgId, (m) => m.getRepository(ConnectionEntity).findOneBy({ id }));
  }

  async page(
    orgId: string,
    filter: ConnectionFilter,
    page: PageQuery,
  ): Promise<{ rows: ConnectionEntity[]; totalCount: number }> {
    return this.inTenant(orgId, async (m) => {
      const filtered = () =>
        applyConnectionFilter(m.getRepository(ConnectionEntity).createQueryBuilder('c'), filter);
      const totalCount = await filtered().getCount();
      const rows = await applyKeyset(filtered(), keysetOf('c', page)).limit(page.limit).getMany();
      return { rows, totalCount };
    });
  }

  ofCluster(orgId: string, clusterId: string): Promise<ConnectionEntity[]> {
    return this.inTenant(orgId, (m) =>
      m
        .getRepository(ConnectionEntity)
        .find({ where: { clusterId }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
  }

  /** The freshest connected connection of a cluster: the one to reach it through. */
  connectedOfCluster(orgId: string, clusterId: string): Promise<ConnectionEntity | null> {
    return this.inTenant(orgId, (m) =>
      m
        .getRepository(ConnectionEntity)
        .createQueryBuilder('c')
        .where('c.clusterId = :clusterId AND c.status = :status', { clusterId, status: 'connected' })
        .orderBy('c.lastPingAt', 'DESC', 'NULLS LAST')
        .addOrderBy('c.id', 'ASC')
        .getOne(),
    );
  }

  /**
   * Records a successful probe: the cluster it identified (one row per kube-system UID in the org) and the
   * connection connected to it. Ignored when the connection was deleted or disconnected by a user meanwhile.
   */
  recordConnected(
    orgId: string,
    id: string,
    probe: ClusterProbe,
    clusterName: string,
  ): Promise<StatusWrite | null> {
    return this.inTenant(orgId, async (m) => {
      const current = await lockLive(m, id);
      if (!current) return null;
      const now = this.clock.now();
      const clusterId = await upsertCluster(m, orgId, probe, clusterName, now);
      await m
        .getRepository(ConnectionEntity)
        .update(
          { id },
          { status: 'connected', statusMessage: null, clusterId, lastPingAt: now, pingLeaseUntil: null },
        );
      await refreshClusterStatus(m, clusterId);
      if (current.clusterId && current.clusterId !== clusterId)
        await refreshClusterStatus(m, current.clusterId);
      return { before: current.status, connection: await reload(m, id) };
    });
  }

  recordDisconnected(orgId: string, id: string, message: string): Promise<StatusWrite | null> {
    return this.inTenant(orgId, async (m) => {
      const current = await lockLive(m, id);
      if (!current) return null;
      await m.getRepository(ConnectionEntity).update(
        { id },
        {
          status: 'disconnected',
          statusMessage: message,
          lastPingAt: this.clock.now(),
          pingLeaseUntil: null,
        },
      );
      if (current.clusterId) await refreshClusterStatus(m, current.clusterId);
      return { before: current.status, connection: await reload(m, id) };
    });
  }

  /** A user's disconnect: the ping leaves it alone until reconnected. Null when absent or deleted. */
  disconnectByUser(orgId: string, id: string): Promise<StatusWrite | null> {
    return this.changeLive(orgId, id, {
      status: 'disconnected',
      statusMessage: 'Disconnected by a user',
      userDisconnected: true,
      pingLeaseUntil: null,
    });
  }

  /** Back to `connecting`, leased for `leaseMs` so the caller's own probe is not duplicated by the ping. */
  markReconnecting(orgId: string, id: string, leaseMs: number): Promise<StatusWrite | null> {
    return this.changeLive(orgId, id, {
      status: 'connecting',
      statusMessage: null,
      userDisconnected: false,
      // The ping's claim compares it with the Clock's now too (claim_due_connection_pings takes it).
      pingLeaseUntil: new Date(this.clock.nowMs() + leaseMs),
    });
  }

  /** Status `deleted`, credentials wiped; the row stays as an audit trail and frees its name. */
  markDeleted(orgId: string, id: string): Promise<StatusWrite | null> {
    return this.changeLive(orgId, id, {
      status: 'deleted',
      statusMessage: null,
      credentials: null,
      deletedAt: this.clock.now(),
      pingLeaseUntil: null,
    });
  }

  /** Replaces sealed credentials only if they are still what the caller read (a concurrent delete wins). */
  replaceCredentials(
    orgId: string,
    id: string,
    expected: SealedContext,
    next: SealedContext,
  ): Promise<boolean> {
    return this.inTenant(orgId, async (m) => {
      const result = await m
        .getRepository(ConnectionEntity)
        .createQueryBuilder()
        .update()
        .set({ credentials: next })
        .where('id = :id AND credentials = CAST(:expected AS jsonb)', {
          id,
          expected: JSON.stringify(expected),
        })
        .execute();
      return (result.affected ?? 0) > 0;
    });
  }

  private changeLive(
    orgId: string,
    id: string,
    change: Partial<ConnectionEntity>,
  ): Promise<StatusWrite | null> {
    return this.inTenant(orgId, async (m) => {
      const current = await lockNotDeleted(m, id);
      if (!current) return null;
      await m.getRepository(ConnectionEntity).update({ id }, change);
      if (current.clusterId) await refreshClusterStatus(m, current.clusterId);
      return { before: current.status, connection: await reload(m, id) };
    });
  }
}

function applyConnectionFilter(
  qb: SelectQueryBuilder<ConnectionEntity>,
  filter: ConnectionFilter,
): SelectQueryBuilder<ConnectionEntity> {
  // Deleted connections are history: listed only when asked for by status.
  qb.where('c.status IN (:...statuses)', {
    statuses: filter.statuses?.length ? [...filter.statuses] : ['connecting', 'connected', 'disconnected'],
  });
  if (filter.clusterId !== undefined)
    qb.andWhere('c.clusterId = :clusterId', { clusterId: filter.clusterId });
  if (filter.nameContains !== undefined)
    qb.andWhere(`c.name ILIKE :pattern ESCAPE '\\'`, { pattern: `%${escapeLike(filter.nameContains)}%` });
  return qb;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function lockNotDeleted(m: EntityManager, id: string): Promise<ConnectionEntity | null> {
  const row = await m
    .getRepository(ConnectionEntity)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.id = :id', { id })
    .getOne();
  return row && row.status !== 'deleted' ? row : null;
}

/** Locked, and still one a probe result may change: not deleted, not disconnected by a user. */
async function lockLive(m: EntityManager, id: string): Promise<ConnectionEntity | null> {
  const row = await lockNotDeleted(m, id);
  return row && !row.userDisconnected ? row : null;
}

async function reload(m: EntityManager, id: string): Promise<ConnectionEntity> {
  return m.getRepository(ConnectionEntity).findOneByOrFail({ id });
}

async function upsertCluster(
  m: EntityManager,
  orgId: string,
  probe: ClusterProbe,
  name: string,
  now: Date,
): Promise<string> {
  const rows = await m.query<{ id: string }[]>(
    `INSERT INTO ${m.getRepository(ClusterEntity).metadata.tablePath}
       (id, org_id, kube_system_uid, name, version, node_count, status, first_seen, last_seen)
     VALUES ($1, $2, $3, $4, $5, $6, 'connected', $7, $7)
     ON CONFLICT (org_id, kube_system_uid) DO UPDATE
       SET version = EXCLUDED.version, node_count = EXCLUDED.node_count, last_seen = EXCLUDED.last_seen
     RETURNING id`,
    [randomUUID(), orgId, probe.clusterUid, name, probe.version, probe.nodeCount, now],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('cluster upsert returned no row');
  return id;
}

/** A cluster is connected while at least one of its connections is. */
async function refreshClusterStatus(m: EntityManager, clusterId: string): Promise<void> {
  const connected = await m.getRepository(ConnectionEntity).existsBy({ clusterId, status: 'connected' });
  await m
    .getRepository(ClusterEntity)
    .update({ id: clusterId }, { status: connected ? 'connected' : 'disconnected' });
}
