import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import type { Connection } from '../common/connection.model.js';
import { validDescription, validId, validSearch } from '../common/input-validation.js';
import { containsPattern } from '../common/like-pattern.js';
import { NameSortField } from '../common/named-list.args.js';
import { decodeCursor, pageSize, toConnection, type Position } from '../common/page.js';
import { SortDirection } from '../common/sort-direction.enum.js';
import { TenantTransactions } from '../common/tenant-transactions.js';
import { liveOrganization } from '../organizations/organization.lookup.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
import type { PlatformOrganizationsArgs } from './dto/platform-organizations.args.js';
import type { PlatformOrganization } from './models/platform-organization.model.js';
import {
  PlatformOrganizationsRepository,
  type PlatformOrganizationRecord,
} from './platform-organizations.repository.js';

/**
 * What a platform operator does to organizations: list them all, suspend and resume them. Callers have checked
 * the operator role (`requirePlatformOperator`); this class validates, pages and composes the repositories.
 */
@Injectable()
export class PlatformOrganizationsService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly repository: PlatformOrganizationsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly clock: Clock,
  ) {}

  async list(args: PlatformOrganizationsArgs): Promise<Connection<PlatformOrganization>> {
    const size = pageSize(args.first);
    const field = args.sort?.field ?? NameSortField.NAME;
    const byCreated = field === NameSortField.CREATED_AT;
    const position = decodeCursor(field, args.after);
    const nameContains = validSearch('filter.nameContains', args.filter?.nameContains);
    const namePattern = nameContains === undefined ? null : containsPattern(nameContains);
    const suspended = args.filter?.suspended ?? null;
    const [records, total] = await Promise.all([
      this.repository.page({
        namePattern,
        suspended,
        byCreated,
        descending: (args.sort?.direction ?? SortDirection.ASC) === SortDirection.DESC,
        after: position === undefined ? null : afterOf(position, byCreated),
        limit: size + 1,
      }),
      this.repository.count(namePattern, suspended),
    ]);
    const positionOf = ({ organization }: PlatformOrganizationRecord): Position => ({
      key: byCreated ? organization.createdAt.toISOString() : organization.name,
      id: organization.id,
    });
    return toConnection(records, size, total, field, positionOf, toPlatformOrganization);
  }

  async suspend(id: string, operatorId: string, reason: string): Promise<PlatformOrganization> {
    const orgId = validId('input.id', id);
    const why = validDescription('input.reason', reason);
    if (why === null) throw new ValidationFailedError('input.reason', 'must not be empty');
    return this.transactions.inOrg(orgId, async (tx) => {
      const organization = await liveOrganization(this.organizations, tx, orgId);
      await this.repository.openSuspension(tx, { orgId, operatorId, reason: why, at: this.clock.now() });
      return toPlatformOrganization(await this.repository.recordOf(tx, organization));
    });
  }

  async resume(id: string, operatorId: string): Promise<PlatformOrganization> {
    const orgId = validId('id', id);
    return this.transactions.inOrg(orgId, async (tx) => {
      const organization = await liveOrganization(this.organizations, tx, orgId);
      await this.repository.closeSuspension(tx, orgId, operatorId, this.clock.now());
      return toPlatformOrganization(await this.repository.recordOf(tx, organization));
    });
  }
}

function afterOf(position: Position, byCreated: boolean) {
  if (!byCreated) return { name: position.key, created: null, id: position.id };
  const created = new Date(position.key);
  if (Number.isNaN(created.getTime())) {
    throw new ValidationFailedError('after', 'is not a cursor of this list in this order');
  }
  return { name: null, created, id: position.id };
}

function toPlatformOrganization(record: PlatformOrganizationRecord): PlatformOrganization {
  return {
    id: record.organization.id,
    name: record.organization.name,
    slug: record.organization.slug,
    createdAt: record.organization.createdAt,
    memberCount: record.memberCount,
    workspaceCount: record.workspaceCount,
    environmentCount: record.environmentCount,
    suspension: record.suspension,
  };
}
