import { Injectable } from '@nestjs/common';
import {
  checkDescription,
  checkOptionalText,
  checkUuid,
  type Connection,
  decodeCursor,
  encodeCursor,
  NAME_MAX_LENGTH,
  pageOf,
  pageSize,
  SortDirection,
  ValidationFailedError,
} from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { containsPattern } from '../common/like-pattern.js';
import { NameSortField } from '../common/named-list.args.js';
import { cursorShape, type Position } from '../common/page.js';
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
    const direction = args.sort?.direction ?? SortDirection.ASC;
    const cursor = cursorShape(field, direction, byCreated ? 'timestamptz' : 'text');
    const after = decodeCursor(args.after, cursor);
    const nameContains = checkOptionalText(args.filter?.nameContains, 'filter.nameContains', NAME_MAX_LENGTH);
    const namePattern = nameContains === undefined ? null : containsPattern(nameContains);
    const suspended = args.filter?.suspended ?? null;
    const [records, total] = await Promise.all([
      this.repository.page({
        namePattern,
        suspended,
        byCreated,
        descending: direction === SortDirection.DESC,
        after: after === undefined ? null : afterOf(after, byCreated),
        limit: size + 1,
      }),
      this.repository.count(namePattern, suspended),
    ]);
    const cursorOf = ({ organization }: PlatformOrganizationRecord) =>
      encodeCursor(cursor, [
        byCreated ? organization.createdAt.toISOString() : organization.name,
        organization.id,
      ]);
    return { ...pageOf(records, size, cursorOf, toPlatformOrganization), totalCount: total };
  }

  async suspend(id: string, operatorId: string, reason: string): Promise<PlatformOrganization> {
    const orgId = checkUuid(id, 'input.id');
    const why = checkDescription(reason, 'input.reason');
    if (why === null) throw new ValidationFailedError('input.reason', 'must not be empty');
    return this.transactions.inOrg(orgId, async (tx) => {
      const organization = await liveOrganization(this.organizations, tx, orgId);
      await this.repository.openSuspension(tx, { orgId, operatorId, reason: why, at: this.clock.now() });
      return toPlatformOrganization(await this.repository.recordOf(tx, organization));
    });
  }

  async resume(id: string, operatorId: string): Promise<PlatformOrganization> {
    const orgId = checkUuid(id, 'id');
    return this.transactions.inOrg(orgId, async (tx) => {
      const organization = await liveOrganization(this.organizations, tx, orgId);
      await this.repository.closeSuspension(tx, orgId, operatorId, this.clock.now());
      return toPlatformOrganization(await this.repository.recordOf(tx, organization));
    });
  }
}

/** The cursor codec has checked the key: a timestamp cursor holds a valid instant. */
function afterOf([key, id]: Position, byCreated: boolean) {
  return byCreated ? { name: null, created: new Date(key), id } : { name: key, created: null, id };
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
