import { Injectable } from '@nestjs/common';
import { isUuid } from '@meshplane/graphql';
import { TenantTransactions } from '../common/tenant-transactions.js';
import { OrganizationsRepository } from './organizations.repository.js';

/** Organizations named in operator configuration, by id or by slug; live organizations only. */
@Injectable()
export class OrganizationRefs {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly organizations: OrganizationsRepository,
  ) {}

  /** The id of the live organization `ref` names, or undefined. */
  async resolve(ref: string): Promise<string | undefined> {
    const key = ref.toLowerCase();
    if (!isUuid(ref)) return this.organizations.idBySlug(key);
    return this.transactions.inOrg(key, async (tx) => {
      const organization = await this.organizations.find(tx, key);
      return organization && organization.deletedAt === null ? key : undefined;
    });
  }
}
