import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../common/tenant-transactions.js';
import {
  OrganizationSettingsEntity,
  type OrganizationDefaults,
} from '../entities/organization-settings.entity.js';

/** The organization's settings row (one per organization), within its tenant transaction. */
@Injectable()
export class OrganizationSettingsRepository {
  /** The defaults, empty when the organization has no settings row yet. */
  async defaults(tx: TenantTx): Promise<OrganizationDefaults> {
    const [settings] = await tx.find(OrganizationSettingsEntity, { take: 1 });
    return settings?.defaults ?? {};
  }

  async save(tx: TenantTx, orgId: string, defaults: OrganizationDefaults, at: Date): Promise<void> {
    await tx.upsert(OrganizationSettingsEntity, { orgId, defaults, updatedAt: at }, ['orgId']);
  }
}
