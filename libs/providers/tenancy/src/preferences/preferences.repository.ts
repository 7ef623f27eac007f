import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../common/tenant-transactions.js';
import { UserPreferenceEntity } from '../entities/user-preference.entity.js';
import { TENANCY_TABLES } from '../tenancy.tables.js';

export type PreferenceRow = Pick<UserPreferenceEntity, 'orgId' | 'userId' | 'key' | 'value' | 'updatedAt'>;

/** A user's preferences in the transaction's organization. */
@Injectable()
export class PreferencesRepository {
  list(tx: TenantTx, userId: string): Promise<UserPreferenceEntity[]> {
    return tx.find(UserPreferenceEntity, { where: { userId }, order: { key: 'ASC' } });
  }

  /** The value is written as jsonb whatever its JSON type (TypeORM would store a bare string as text). */
  async upsert(tx: TenantTx, preference: PreferenceRow): Promise<void> {
    await tx.query(
      `INSERT INTO ${TENANCY_TABLES.userPreferences} (org_id, user_id, key, value, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (org_id, user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
      [
        preference.orgId,
        preference.userId,
        preference.key,
        JSON.stringify(preference.value),
        preference.updatedAt,
      ],
    );
  }
}
