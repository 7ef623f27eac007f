import type { Role } from '@meshplane/auth';
import {
  checkOptionalText,
  decodeCursor,
  encodeCursor,
  NAME_MAX_LENGTH,
  pageOf,
  pageSize,
  SortDirection,
  type Connection,
} from '@meshplane/graphql';
import { memberRoleOf } from '../common/member-role.enum.js';
import { NameSortField, type NamedListArgs } from '../common/named-list.args.js';
import { cursorShape, type Position } from '../common/page.js';
import type { OrganizationEntity } from '../entities/organization.entity.js';
import type { Organization } from './models/organization.model.js';

export interface OrganizationWithRole {
  organization: OrganizationEntity;
  role: Role;
}

/**
 * A page of the caller's organizations. They span tenants, so each was read under its own tenant and the list
 * is filtered, sorted and cut here; a user belongs to a handful of organizations, not thousands.
 */
export function pageOfOrganizations(
  all: OrganizationWithRole[],
  args: NamedListArgs,
): Connection<Organization> {
  const size = pageSize(args.first);
  const field = args.sort?.field ?? NameSortField.NAME;
  const direction = args.sort?.direction ?? SortDirection.ASC;
  const cursor = cursorShape(field, direction, field === NameSortField.NAME ? 'text' : 'timestamptz');
  const after = decodeCursor(args.after, cursor);
  const nameContains = checkOptionalText(args.filter?.nameContains, 'filter.nameContains', NAME_MAX_LENGTH);
  const needle = nameContains?.toLowerCase();
  const positionOf = ({ organization }: OrganizationWithRole): Position => [
    field === NameSortField.NAME ? organization.name : organization.createdAt.toISOString(),
    organization.id,
  ];
  const sign = direction === SortDirection.ASC ? 1 : -1;
  const compare = ([aKey, aId]: Position, [bKey, bId]: Position) =>
    sign * (compareKeys(field, aKey, bKey) || compareText(aId, bId));
  const matching = all
    .filter(({ organization }) => !needle || organization.name.toLowerCase().includes(needle))
    .sort((a, b) => compare(positionOf(a), positionOf(b)));
  const rest = after ? matching.filter((entry) => compare(positionOf(entry), after) > 0) : matching;
  const cursorOf = (entry: OrganizationWithRole) => encodeCursor(cursor, positionOf(entry));
  return { ...pageOf(rest.slice(0, size + 1), size, cursorOf, toOrganization), totalCount: matching.length };
}

export function toOrganization({ organization, role }: OrganizationWithRole): Organization {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    createdAt: organization.createdAt,
    myRole: memberRoleOf(role),
  };
}

function compareKeys(field: NameSortField, a: string, b: string): number {
  return field === NameSortField.NAME
    ? compareText(a.toLowerCase(), b.toLowerCase()) || compareText(a, b)
    : compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
