import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceSchema } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { type ConfiguredAdapter } from '../config/registry.config.js';
import { formatAdapterAddress } from '../address/adapter-address.js';
import type { AdapterCatalogue, AdapterTls } from '../entities/adapter-catalogue.js';
import { type AdapterHealth, type HealthState } from '../health/health-state.js';

/** A claimed check: what the worker needs to run it and to judge what changed. */
export interface ClaimedCheck extends HealthState {
  readonly id: string;
  readonly orgId: string | null;
  readonly address: string;
  readonly tls: AdapterTls | null;
  readonly catalogueDigest: string | null;
}

export interface CheckRecord {
  /** When the check ended; nextCheckAt is reckoned from it. */
  readonly checkedAt: Date;
  readonly health: AdapterHealth;
  readonly lastError: string | null;
  readonly consecutiveFailures: number;
  readonly nextCheckAt: Date;
  /** Replaces the stored catalogue when given. */
  readonly catalogue?: { value: AdapterCatalogue; digest: string };
}

interface ClaimRow {
  id: string;
  org_id: string | null;
  address: string;
  tls: AdapterTls | null;
  health: AdapterHealth;
  consecutive_failures: number;
  last_error: string | null;
  catalogue_digest: string | null;
}

/**
 * The registry's work across tenants (checks of every organization's adapters and of the operator's), each through
 * a SECURITY DEFINER function of the migration: claims with FOR UPDATE SKIP LOCKED and a lease, so that with many
 * replicas one adapter is checked by one replica at a time, and a crashed replica's lease simply expires.
 */
@Injectable()
export class AdapterChecksRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async claimDue(leaseMs: number, limit: number): Promise<ClaimedCheck[]> {
    const rows = await this.dataSource.query<ClaimRow[]>(
      `SELECT * FROM ${this.fn('claim_due_adapter_checks')}($1, $2, $3)`,
      [this.clock.now(), leaseMs, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      orgId: row.org_id,
      address: row.address,
      tls: row.tls,
      health: row.health,
      consecutiveFailures: row.consecutive_failures,
      lastError: row.last_error,
      catalogueDigest: row.catalogue_digest,
    }));
  }

  /** Stores a check's result and frees the lease; false when the adapter was unregistered meanwhile. */
  async record(id: string, result: CheckRecord): Promise<boolean> {
    const catalogue = result.catalogue;
    const rows = await this.dataSource.query<{ recorded: boolean }[]>(
      `SELECT ${this.fn('record_adapter_check')}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS recorded`,
      [
        id,
        result.checkedAt,
        result.health,
        result.lastError,
        result.consecutiveFailures,
        result.nextCheckAt,
        catalogue ? JSON.stringify(catalogue.value) : null,
        catalogue?.digest ?? null,
        catalogue?.value.info.mesh ?? null,
        catalogue?.value.info.name ?? null,
      ],
    );
    return rows[0]?.recorded === true;
  }

  /** Makes the operator's rows what ADAPTERS says: added, re-addressed (checked anew) or removed. */
  async syncConfigured(adapters: readonly ConfiguredAdapter[]): Promise<void> {
    const list = adapters.map((a) => ({ name: a.name, address: formatAdapterAddress(a.address) }));
    await this.dataSource.query(`SELECT ${this.fn('sync_operator_adapters')}($1, $2)`, [
      this.clock.now(),
      JSON.stringify(list),
    ]);
  }

  private fn(name: string): string {
    return `"${serviceSchema(this.dataSource)}"."${name}"`;
  }
}
