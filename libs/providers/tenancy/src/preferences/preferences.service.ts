import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { ValidationFailedError, type JsonValue } from '@meshplane/graphql';
import { UserPreferenceEntity } from '../entities/user-preference.entity.js';
import { TENANCY_SCHEMA } from '../tenancy.schema.js';
import type { Preference } from './models/preference.model.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const MAX_VALUE_BYTES = 16_384;

/** A user's preferences inside one organization. */
@Injectable()
export class PreferencesService {
  constructor(private readonly dataSource: DataSource) {}

  list(orgId: string, userId: string): Promise<Preference[]> {
    return withTenant(this.dataSource, orgId, async (manager) => {
      const rows = await manager.find(UserPreferenceEntity, { where: { userId }, order: { key: 'ASC' } });
      return rows.map(toPreference);
    });
  }

  async set(orgId: string, userId: string, key: string, value: unknown): Promise<Preference> {
    const preference = { orgId, userId, key: validKey(key), value: validValue(value), updatedAt: new Date() };
    return withTenant(this.dataSource, orgId, async (manager) => {
      await manager.query(
        `INSERT INTO "${TENANCY_SCHEMA}"."user_preferences" (org_id, user_id, key, value, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (org_id, user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [orgId, userId, preference.key, JSON.stringify(preference.value), preference.updatedAt],
      );
      return toPreference(preference);
    });
  }
}

function validKey(key: string): string {
  if (!KEY.test(key)) {
    throw new ValidationFailedError(
      'key',
      'must be 1 to 100 letters, digits, dots, colons, dashes or underscores, starting with a letter or digit',
    );
  }
  return key;
}

function validValue(value: unknown): JsonValue {
  if (value === undefined || value === null) throw new ValidationFailedError('value', 'must not be null');
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_VALUE_BYTES) {
    throw new ValidationFailedError('value', `must be at most ${MAX_VALUE_BYTES} bytes of JSON`);
  }
  // It arrived as JSON (GraphQL variables or a literal), so it is a JSON value.
  return value as JsonValue;
}

function toPreference(row: Pick<UserPreferenceEntity, 'key' | 'value' | 'updatedAt'>): Preference {
  return { key: row.key, value: row.value, updatedAt: row.updatedAt };
}
