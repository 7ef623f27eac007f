import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../common/tenant-transactions.js';
import { OrganizationEntity } from '../entities/organization.entity.js';

/** The organization row of the transaction's tenant (an organization is its own tenant). */
@Injectable()
export class OrganizationsRepository {
  find(tx: TenantTx, id: string): Promise<OrganizationEntity | null> {
    return tx.findOneBy(OrganizationEntity, { id });
  }

  /**
   * Inserts the organization unless its slug is taken (then nothing happens and undefined comes back). DO NOTHING
   * rather than catching the violation: an error would abort the whole transaction.
   */
  async insertIfSlugFree(
    tx: TenantTx,
    organization: Pick<OrganizationEntity, 'id' | 'name' | 'slug'>,
  ): Promise<OrganizationEntity | undefined> {
    const { id, name, slug } = organization;
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(OrganizationEntity)
      .values({ id, orgId: id, name, slug })
      .orIgnore()
      .returning(['id', 'created_at'])
      .execute();
    const row = (result.raw as { id: string; created_at: Date }[])[0];
    if (!row) return undefined;
    return Object.assign(new OrganizationEntity(), {
      id,
      orgId: id,
      name,
      slug,
      createdAt: row.created_at,
      deletedAt: null,
    });
  }

  async rename(tx: TenantTx, id: string, name: string): Promise<void> {
    await tx.update(OrganizationEntity, { id }, { name });
  }

  async markDeleted(tx: TenantTx, id: string, at: Date): Promise<void> {
    await tx.update(OrganizationEntity, { id }, { deletedAt: at });
  }
}
