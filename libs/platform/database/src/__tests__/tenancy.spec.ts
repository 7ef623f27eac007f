import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import {
  enableTenantRls,
  disableTenantRls,
  InvalidTenantIdError,
  parseTenantId,
  withTenant,
} from '../index.js';

const ORG = '3f2c1d0e-8a7b-4c6d-9e5f-0a1b2c3d4e5f';

describe('enableTenantRls', () => {
  it('enables and forces RLS and adds a policy that turns an unset tenant into no rows', () => {
    const condition = `"org_id" = nullif(current_setting('app.org_id', true), '')::uuid`;

    expect(enableTenantRls('providers', 'work space')).toEqual([
      'ALTER TABLE "providers"."work space" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "providers"."work space" FORCE ROW LEVEL SECURITY',
      `CREATE POLICY "tenant_isolation" ON "providers"."work space" FOR ALL USING (${condition}) WITH CHECK (${condition})`,
    ]);
  });

  it('quotes identifiers, so a hostile table name stays one identifier', () => {
    const [enable] = enableTenantRls('s', 'x"; DROP TABLE t; --');

    expect(enable).toBe('ALTER TABLE "s"."x""; DROP TABLE t; --" ENABLE ROW LEVEL SECURITY');
  });

  it('is undone by disableTenantRls in reverse order', () => {
    expect(disableTenantRls('providers', 'workspace')).toEqual([
      'DROP POLICY "tenant_isolation" ON "providers"."workspace"',
      'ALTER TABLE "providers"."workspace" NO FORCE ROW LEVEL SECURITY',
      'ALTER TABLE "providers"."workspace" DISABLE ROW LEVEL SECURITY',
    ]);
  });
});

describe('parseTenantId', () => {
  it('accepts a UUID in either case and returns it in lower case', () => {
    expect(parseTenantId(ORG.toUpperCase())).toBe(ORG);
  });

  it.each(['', 'org-42', `${ORG}\n`, `${ORG}' OR '1'='1`, ORG.replace(/-/g, ''), null, 42])(
    'refuses %j',
    (value) => {
      expect(() => parseTenantId(value)).toThrow(InvalidTenantIdError);
    },
  );

  it('does not echo the refused value, which may be anything a caller sent', () => {
    expect(() => parseTenantId('secret-token-value')).toThrow(
      expect.objectContaining({ code: 'INVALID_TENANT_ID', message: expect.not.stringContaining('secret') }),
    );
  });
});

describe('withTenant', () => {
  const untouchable = () => {
    const calls: string[] = [];
    const dataSource = {
      transaction: () => {
        calls.push('transaction');
        return Promise.resolve();
      },
    } as unknown as DataSource;
    return { dataSource, calls };
  };

  it('rejects an invalid org id without opening a transaction', async () => {
    const { dataSource, calls } = untouchable();

    await expect(
      withTenant(dataSource, "'; DROP SCHEMA providers CASCADE; --", () => Promise.resolve()),
    ).rejects.toThrow(InvalidTenantIdError);
    expect(calls).toEqual([]);
  });

  it('refuses a tenant smuggled in through localSettings', async () => {
    const { dataSource, calls } = untouchable();

    await expect(
      withTenant(dataSource, ORG, () => Promise.resolve(), { localSettings: { 'app.org_id': 'other' } }),
    ).rejects.toThrow('pass the tenant as orgId only');
    expect(calls).toEqual([]);
  });
});
