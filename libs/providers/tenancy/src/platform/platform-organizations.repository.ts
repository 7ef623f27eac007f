import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { TenantTx } from '../common/tenant-transactions.js';
import { EnvironmentEntity } from '../entities/environment.entity.js';
import { MembershipEntity } from '../entities/membership.entity.js';
import type { OrganizationEntity } from '../entities/organization.entity.js';
import { OrganizationSuspensionEntity } from '../entities/organization-suspension.entity.js';
import { WorkspaceEntity } from '../entities/workspace.entity.js';
import { TENANCY_FUNCTIONS } from '../tenancy.tables.js';

/** One organization with what the operator sees of it. */
export interface PlatformOrganizationRecord {
  organization: Pick<OrganizationEntity, 'id' | 'name' | 'slug' | 'createdAt'>;
  memberCount: number;
  workspaceCount: number;
  environmentCount: number;
  suspension: { suspendedAt: Date; suspendedBy: string; reason: string } | null;
}

export interface PlatformOrganizationQuery {
  /** An ILIKE pattern (already escaped), or none. */
  namePattern: string | null;
  suspended: boolean | null;
  byCreated: boolean;
  descending: boolean;
  after: { name: string | null; created: Date | null; id: string } | null;
  limit: number;
}

interface PageRow {
  id: string;
  name: string;
  slug: string;
  created_at: Date;
  suspended_at: Date | null;
  suspended_by: string | null;
  suspension_reason: string | null;
  member_count: string;
  workspace_count: string;
  environment_count: string;
}

/**
 * The platform operator's reads and writes across organizations. Listing every organization goes through the
 * `platform_organizations` SECURITY DEFINER function (one page, its counts only); everything about one
 * organization runs in a transaction under that organization's own tenant, like any tenant's request.
 */
@Injectable()
export class PlatformOrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: PlatformOrganizationQuery): Promise<PlatformOrganizationRecord[]> {
    const rows: PageRow[] = await this.dataSource.query(
      `SELECT * FROM ${TENANCY_FUNCTIONS.platformOrganizations}($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        query.namePattern,
        query.suspended,
        query.byCreated,
        query.descending,
        query.after?.name ?? null,
        query.after?.created ?? null,
        query.after?.id ?? null,
        query.limit,
      ],
    );
    return rows.map((row) => ({
      organization: { id: row.id, name: row.name, slug: row.slug, createdAt: row.created_at },
      memberCount: Number(row.member_count),
      workspaceCount: Number(row.workspace_count),
      environmentCount: Number(row.environment_count),
      suspension:
        row.suspended_at === null
          ? null
          : {
              suspendedAt: row.suspended_at,
              suspendedBy: row.suspended_by ?? '',
              reason: row.suspension_reason ?? '',
            },
    }));
  }

  async count(namePattern: string | null, suspended: boolean | null): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT ${TENANCY_FUNCTIONS.platformOrganizationCount}($1, $2) AS count`,
      [namePattern, suspended],
    );
    return Number(row?.count ?? 0);
  }

  /** Opens a suspension unless one is open already (which then stands as recorded). */
  async openSuspension(
    tx: TenantTx,
    suspension: { orgId: string; operatorId: string; reason: string; at: Date },
  ): Promise<void> {
    const { orgId, operatorId, reason, at } = suspension;
    await tx
      .createQueryBuilder()
      .insert()
      .into(OrganizationSuspensionEntity)
      .values({ id: randomUUID(), orgId, suspendedAt: at, suspendedBy: operatorId, reason })
      .orIgnore()
      .execute();
  }

  /** Closes the open suspension, if any; the record stays with who lifted it and when. */
  async closeSuspension(tx: TenantTx, orgId: string, operatorId: string, at: Date): Promise<void> {
    await tx.update(
      OrganizationSuspensionEntity,
      { orgId, resumedAt: IsNull() },
      { resumedAt: at, resumedBy: operatorId },
    );
  }

  /** What the operator sees of one organization, read in its tenant transaction. */
  async recordOf(tx: TenantTx, organization: OrganizationEntity): Promise<PlatformOrganizationRecord> {
    const orgId = organization.id;
    // One transaction is one connection: its queries run one after the other anyway.
    const memberCount = await tx.countBy(MembershipEntity, { orgId });
    const workspaceCount = await tx.countBy(WorkspaceEntity, { orgId });
    const environmentCount = await tx.countBy(EnvironmentEntity, { orgId });
    const open = await tx.findOneBy(OrganizationSuspensionEntity, { orgId, resumedAt: IsNull() });
    return {
      organization,
      memberCount,
      workspaceCount,
      environmentCount,
      suspension:
        open === null
          ? null
          : { suspendedAt: open.suspendedAt, suspendedBy: open.suspendedBy, reason: open.reason },
    };
  }
}
