import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { isUuid } from '@meshplane/graphql';
import { OrganizationEntity } from '../entities/organization.entity.js';
import { TENANCY_SCHEMA } from '../tenancy.schema.js';

/**
 * Organizations named in operator configuration, by id or by slug. A slug names no tenant, so it goes through the
 * narrow `organization_id_by_slug` function (one slug in, one id out, live organizations only).
 */
@Injectable()
export class OrganizationRefs {
  constructor(private readonly dataSource: DataSource) {}

  /** The id of the live organization `ref` names, or undefined. */
  async resolve(ref: string): Promise<string | undefined> {
    const key = ref.toLowerCase();
    if (isUuid(ref)) {
      const id = key;
      return withTenant(this.dataSource, id, async (manager) => {
        const organization = await manager.findOneBy(OrganizationEntity, { id });
        return organization && organization.deletedAt === null ? id : undefined;
      });
    }
    const rows: { id: string | null }[] = await this.dataSource.query(
      `SELECT "${TENANCY_SCHEMA}"."organization_id_by_slug"($1) AS id`,
      [key],
    );
    return rows[0]?.id ?? undefined;
  }
}
