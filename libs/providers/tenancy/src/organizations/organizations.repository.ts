import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantTx } from '../common/tenant-transactions.js';
import { OrganizationEntity } from '../entities/organization.entity.js';
import { TENANCY_FUNCTIONS } from '../tenancy.tables.js';

/** The organization row of the transaction's tenant (an organization is its own tenant). */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /**
   * The live organization a slug names, whatever the tenant: a slug names no tenant, so this goes through the narrow
   * `organization_id_by_slug` function (one slug in, one id out).
   */
  async idBySlug(slug: string): Promise<string | undefined> {
    const rows: { id: string | null }[] = await this.dataSource.query(
      `SELECT ${TENANCY_FUNCTIONS.organizationIdBySlug}($1) AS id`,
      [slug],
    );
    return rows[0]?.id ?? undefined;
  }
}
