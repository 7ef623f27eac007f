import { Injectable } from '@nestjs/common';
import { DataSource, ILike, type EntityManager } from 'typeorm';
import { applyKeyset, serviceSchema, withTenant, type Keyset } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { AdapterOperationEventEntity } from '../entities/adapter-operation-event.entity.js';
import { AdapterOperationEntity } from '../entities/adapter-operation.entity.js';
import { type OperationStatus } from '../state/operation-state.js';

export interface OperationFilter {
  readonly adapterId?: string;
  readonly statuses?: readonly OperationStatus[];
  readonly connectionId?: string;
}

/** A claimed operation: which organization's transaction to work in, and whether another replica had it. */
export interface ClaimedOperation {
  readonly id: string;
  readonly orgId: string;
  readonly resumed: boolean;
}

/**
 * Operations and their events, each statement in its organization's transaction (forced RLS); only the claim
 * spans organizations, through a SECURITY DEFINER function that returns ids (FOR UPDATE SKIP LOCKED + lease).
 */
@Injectable()
export class OperationsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private inTenant<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  /** Inserts the operation, or returns the one this organization already has under the same key. */
  async insertOrExisting(
    row: AdapterOperationEntity,
  ): Promise<{ row: AdapterOperationEntity; created: boolean }> {
    return this.inTenant(row.orgId, async (m) => {
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(AdapterOperationEntity)
        .values(row as never)
        .orIgnore()
        .returning(['id'])
        .execute();
      // One statement when the key is new (the usual case); the stored row is read only when the key was taken.
      if ((inserted.raw as unknown[]).length > 0) return { row, created: true };
      const stored = await m
        .getRepository(AdapterOperationEntity)
        .findOneByOrFail({ orgId: row.orgId, idempotencyKey: row.idempotencyKey });
      return { row: stored, created: stored.id === row.id };
    });
  }

  find(orgId: string, id: string): Promise<AdapterOperationEntity | null> {
    return this.inTenant(orgId, (m) => m.getRepository(AdapterOperationEntity).findOneBy({ id }));
  }

  page(
    orgId: string,
    filter: OperationFilter,
    keyset: Omit<Keyset, 'columns'>,
    limit: number,
  ): Promise<{ rows: AdapterOperationEntity[]; totalCount: number }> {
    return this.inTenant(orgId, async (m) => {
      const filtered = () => {
        const qb = m.getRepository(AdapterOperationEntity).createQueryBuilder('o');
        qb.where('TRUE');
        if (filter.adapterId !== undefined)
          qb.andWhere('o.adapterId = :adapterId', { adapterId: filter.adapterId });
        if (filter.connectionId !== undefined)
          qb.andWhere('o.connectionId = :connectionId', { connectionId: filter.connectionId });
        if (filter.statuses?.length)
          qb.andWhere('o.status IN (:...statuses)', { statuses: [...filter.statuses] });
        return qb;
      };
      const totalCount = await filtered().getCount();
      const rows = await applyKeyset(filtered(), {
        ...keyset,
        columns: [
          { sql: 'o.createdAt', type: 'timestamptz' },
          { sql: 'o.id', type: 'uuid' },
        ],
      })
        .limit(limit)
        .getMany();
      return { rows, totalCount };
    });
  }

  events(
    orgId: string,
    operationId: string,
    afterSequence: number,
    limit: number,
  ): Promise<AdapterOperationEventEntity[]> {
    return this.inTenant(orgId, (m) =>
      m
        .getRepository(AdapterOperationEventEntity)
        .createQueryBuilder('e')
        .where('e.operationId = :operationId AND e.sequence > :afterSequence', { operationId, afterSequence })
        .orderBy('e.sequence', 'ASC')
        .limit(limit)
        .getMany(),
    );
  }

  /** A pending operation is cancelled at once; a running one is marked for its executor. */
  async requestCancel(orgId: string, id: string): Promise<AdapterOperationEntity | null> {
    const now = this.clock.now();
    return this.inTenant(orgId, async (m) => {
      await m.query(
        `UPDATE ${this.table('adapter_operations')}
            SET status = CASE WHEN status = 'PENDING' THEN 'CANCELLED' ELSE status END,
                message = CASE WHEN status = 'PENDING' THEN 'cancelled before it started' ELSE message END,
                finished_at = CASE WHEN status = 'PENDING' THEN $2::timestamptz ELSE finished_at END,
                cancel_requested = true, updated_at = $2
          WHERE id = $1 AND status IN ('PENDING', 'RUNNING')`,
        [id, now],
      );
      return m.getRepository(AdapterOperationEntity).findOneBy({ id });
    });
  }

  async claim(owner: string, leaseMs: number, limit: number): Promise<ClaimedOperation[]> {
    const rows = await this.dataSource.query<{ id: string; org_id: string; resumed: boolean }[]>(
      `SELECT * FROM ${this.table('claim_adapter_operations')}($1, $2, $3, $4)`,
      [this.clock.now(), owner, leaseMs, limit],
    );
    return rows.map((row) => ({ id: row.id, orgId: row.org_id, resumed: row.resumed }));
  }

  /** Extends the lease; `held: false` when another replica took the operation over (or it ended). */
  async renewLease(
    orgId: string,
    id: string,
    owner: string,
    leaseMs: number,
  ): Promise<{ held: boolean; cancelRequested: boolean }> {
    const now = this.clock.now();
    const rows = await this.inTenant(orgId, (m) =>
      m.query(
        `UPDATE ${this.table('adapter_operations')}
            SET lease_until = $4::timestamptz + make_interval(secs => $5 / 1000.0), updated_at = $4
          WHERE id = $1 AND org_id = $2 AND lease_owner = $3 AND status = 'RUNNING'
        RETURNING cancel_requested`,
        [id, orgId, owner, now, leaseMs],
      ),
    );
    const [updated] = rows as [{ cancel_requested: boolean }[], number];
    const row = updated[0];
    return { held: row !== undefined, cancelRequested: row?.cancel_requested === true };
  }

  /** Records the cluster the operation's connection reaches (told by meshsync-ingest with the credentials). */
  async recordCluster(orgId: string, id: string, clusterId: string): Promise<void> {
    await this.inTenant(orgId, (m) =>
      m.query(
        `UPDATE ${this.table('adapter_operations')} SET cluster_id = $3 WHERE id = $1 AND org_id = $2`,
        [id, orgId, clusterId],
      ),
    );
  }

  /**
   * The install-category operations on one cluster, newest first (dry runs left out): what the broker knows of the
   * meshes' lifecycle there. Bounded: the latest 500.
   */
  installsOnCluster(orgId: string, clusterId: string): Promise<AdapterOperationEntity[]> {
    return this.inTenant(orgId, (m) =>
      m.getRepository(AdapterOperationEntity).find({
        // The catalogue's category is the proto enum's name without its prefix (INSTALL); any case is taken.
        where: { clusterId, category: ILike('install'), dryRun: false },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: 500,
      }),
    );
  }

  /**
   * What an attempt starts from, in one transaction of the organization: the operation, the sequence of its last
   * stored event (the adapter's events after it are relayed) and what `alsoRead` reads in the same transaction
   * (the adapter, through the directory): one round of statements instead of one transaction each.
   */
  async loadForAttempt<T>(
    orgId: string,
    id: string,
    alsoRead: (manager: EntityManager, op: AdapterOperationEntity) => Promise<T>,
  ): Promise<{ op: AdapterOperationEntity; lastSequence: number; also: T } | null> {
    return this.inTenant(orgId, async (m) => {
      const { entities, raw } = await m
        .getRepository(AdapterOperationEntity)
        .createQueryBuilder('o')
        .addSelect(
          (sub) =>
            sub
              .select('coalesce(max(e.sequence), 0)::integer')
              .from(AdapterOperationEventEntity, 'e')
              .where('e.operation_id = o.id'),
          'last_sequence',
        )
        .where('o.id = :id', { id })
        .getRawAndEntities<{ last_sequence: number }>();
      const op = entities[0];
      if (!op) return null;
      return { op, lastSequence: raw[0]?.last_sequence ?? 0, also: await alsoRead(m, op) };
    });
  }

  /** Lets another replica resume the operation at once (this one is shutting down). */
  async releaseLease(orgId: string, id: string, owner: string): Promise<void> {
    const now = this.clock.now();
    await this.inTenant(orgId, (m) =>
      m.query(
        `UPDATE ${this.table('adapter_operations')} SET lease_until = $4, updated_at = $4
          WHERE id = $1 AND org_id = $2 AND lease_owner = $3 AND status = 'RUNNING'`,
        [id, orgId, owner, new Date(now.getTime() - 1)],
      ),
    );
  }

  /** Stores an event once: false when (operation, sequence) is already stored (a relay after a resume). */
  appendEvent(event: AdapterOperationEventEntity): Promise<boolean> {
    return this.inTenant(event.orgId, (m) => this.insertEvent(m, event));
  }

  private async insertEvent(m: EntityManager, event: AdapterOperationEventEntity): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO ${this.table('adapter_operation_events')} (operation_id, sequence, org_id, severity, summary,
              details, probable_cause, suggested_remediation, progress_percent, status, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (operation_id, sequence) DO NOTHING
       RETURNING sequence`,
      [
        event.operationId,
        event.sequence,
        event.orgId,
        event.severity,
        event.summary,
        event.details,
        event.probableCause,
        event.suggestedRemediation,
        event.progressPercent,
        event.status,
        event.at,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Ends (or re-queues, status PENDING) a run this replica holds, storing `events` (the one that ends it) in the same
   * transaction; false when this replica no longer holds it (then nothing is written).
   */
  async finish(
    orgId: string,
    id: string,
    owner: string,
    next: {
      status: OperationStatus;
      message: string;
      output?: Record<string, unknown> | null;
      notBefore?: Date;
    },
    events: readonly AdapterOperationEventEntity[] = [],
  ): Promise<boolean> {
    const now = this.clock.now();
    const final = next.status !== 'PENDING';
    try {
      return await this.inTenant(orgId, async (m) => {
        for (const event of events) await this.insertEvent(m, event);
        const rows = await m.query(
          `UPDATE ${this.table('adapter_operations')}
              SET status = $4, message = $5, output = coalesce($6::jsonb, output), lease_owner = NULL,
                  lease_until = $7, finished_at = CASE WHEN $8 THEN $9::timestamptz ELSE NULL END, updated_at = $9
            WHERE id = $1 AND org_id = $2 AND lease_owner = $3 AND status = 'RUNNING'
          RETURNING id`,
          [
            id,
            orgId,
            owner,
            next.status,
            next.message.slice(0, 2_000),
            next.output ? JSON.stringify(next.output) : null,
            next.notBefore ?? null,
            final,
            now,
          ],
        );
        const [updated] = rows as [unknown[], number];
        if (updated.length === 0) throw new LeaseLost();
        return true;
      });
    } catch (error) {
      if (error instanceof LeaseLost) return false;
      throw error;
    }
  }

  private table(name: string): string {
    return `"${serviceSchema(this.dataSource)}"."${name}"`;
  }
}

/** Thrown inside finish's transaction to roll back its event when the lease is no longer this replica's. */
class LeaseLost extends Error {}
