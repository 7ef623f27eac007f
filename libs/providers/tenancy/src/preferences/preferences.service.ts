import { Injectable } from '@nestjs/common';
import { type JsonValue, ValidationFailedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { TenantTransactions } from '../common/tenant-transactions.js';
import type { Preference } from './models/preference.model.js';
import { PreferencesRepository, type PreferenceRow } from './preferences.repository.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const MAX_VALUE_BYTES = 16_384;

/** A user's preferences inside one organization. */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly preferences: PreferencesRepository,
    private readonly clock: Clock,
  ) {}

  list(orgId: string, userId: string): Promise<Preference[]> {
    return this.transactions.inOrg(orgId, async (tx) =>
      (await this.preferences.list(tx, userId)).map(toPreference),
    );
  }

  async set(orgId: string, userId: string, key: string, value: unknown): Promise<Preference> {
    const preference: PreferenceRow = {
      orgId,
      userId,
      key: validKey(key),
      value: validValue(value),
      updatedAt: this.clock.now(),
    };
    return this.transactions.inOrg(orgId, async (tx) => {
      await this.preferences.upsert(tx, preference);
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

function toPreference(row: Pick<PreferenceRow, 'key' | 'value' | 'updatedAt'>): Preference {
  return { key: row.key, value: row.value, updatedAt: row.updatedAt };
}
