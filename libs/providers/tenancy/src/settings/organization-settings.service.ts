import { Injectable } from '@nestjs/common';
import { checkUuid } from '@meshplane/graphql';
import type { OrganizationDefaults } from '../entities/organization-settings.entity.js';
import { memberRoleOf, roleOf } from '../common/member-role.enum.js';
import { TenantTransactions } from '../common/tenant-transactions.js';
import { OrganizationDefaultsRules } from './organization-defaults.js';
import type { UpdateOrganizationSettingsInput } from './dto/organization-settings.input.js';
import type { OrganizationSettings } from './models/organization-settings.model.js';

@Injectable()
export class OrganizationSettingsService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly rules: OrganizationDefaultsRules,
  ) {}

  get(orgId: string): Promise<OrganizationSettings> {
    return this.transactions.inOrg(orgId, async (tx) => toSettings(await this.rules.defaultsOf(tx)));
  }

  /** Absent fields stay; a null id clears that default. Ids must name this organization's rows. */
  async update(orgId: string, input: UpdateOrganizationSettingsInput): Promise<OrganizationSettings> {
    return this.transactions.inOrg(orgId, async (tx) => {
      const defaults = { ...(await this.rules.defaultsOf(tx)) };
      if (input.defaultWorkspaceId !== undefined) {
        setOrClear(
          defaults,
          'defaultWorkspaceId',
          optionalId('defaultWorkspaceId', input.defaultWorkspaceId),
        );
      }
      if (input.defaultEnvironmentId !== undefined) {
        setOrClear(
          defaults,
          'defaultEnvironmentId',
          optionalId('defaultEnvironmentId', input.defaultEnvironmentId),
        );
      }
      if (input.defaultInvitationRole) defaults.defaultInvitationRole = roleOf(input.defaultInvitationRole);
      await this.rules.assertConsistent(tx, defaults);
      await this.rules.save(tx, orgId, defaults);
      return toSettings(defaults);
    });
  }
}

function optionalId(field: string, value: string | null): string | undefined {
  return value === null ? undefined : checkUuid(value, field);
}

function setOrClear(
  defaults: OrganizationDefaults,
  key: 'defaultWorkspaceId' | 'defaultEnvironmentId',
  value: string | undefined,
): void {
  if (value === undefined) delete defaults[key];
  else defaults[key] = value;
}

function toSettings(defaults: OrganizationDefaults): OrganizationSettings {
  return {
    defaultWorkspaceId: defaults.defaultWorkspaceId ?? null,
    defaultEnvironmentId: defaults.defaultEnvironmentId ?? null,
    defaultInvitationRole: memberRoleOf(defaults.defaultInvitationRole ?? 'member'),
  };
}
