import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { provisionServiceRoles, withTenant } from '../index.js';
import { LedgerEntry } from './fixtures/ledger-entry.entity.js';
import { connect, ledgerDatabase, runSql, type LedgerDatabase } from './fixtures/tenant-roles.fixture.js';

const ORG = '0c0c0c0c-0000-4000-8000-00000000000c';

describe('provisionServiceRoles', () => {
  let ledger: LedgerDatabase;

  beforeAll(async () => {
    ledger = await ledgerDatabase('roles');
  });

  afterAll(() => ledger?.dispose());

  const roleFacts = async (role: string) => {
    const [rows] = await runSql(ledger.adminUrl, [
      `SELECT rolcanlogin AS login, rolsuper AS superuser, rolbypassrls AS bypass_rls,
              pg_has_role('${role}', '${ledger.ownerRole}', 'MEMBER') AS acts_as_owner
         FROM pg_roles WHERE rolname = '${role}'`,
    ]);
    return rows;
  };

  it('makes the owner own the schema and its tables, and the app role a login with no way around RLS', async () => {
    const [owners] = await runSql(ledger.adminUrl, [
      `SELECT pg_get_userbyid(nspowner) AS schema_owner,
              (SELECT tableowner FROM pg_tables WHERE schemaname = 'ledger' AND tablename = 'entry') AS table_owner
         FROM pg_namespace WHERE nspname = 'ledger'`,
    ]);

    expect(owners).toEqual([{ schema_owner: ledger.ownerRole, table_owner: ledger.ownerRole }]);
    expect(await roleFacts(ledger.appRole)).toEqual([
      { login: true, superuser: false, bypass_rls: false, acts_as_owner: false },
    ]);
    expect(new URL(ledger.appUrl).username).toBe(ledger.appRole);
  });

  it('can run again, from several replicas at once, and leaves a working app role', async () => {
    const urls = await Promise.all(
      [1, 2, 3].map(() => provisionServiceRoles(ledger.adminUrl, ledger.options)),
    );

    expect(urls).toEqual([ledger.appUrl, ledger.appUrl, ledger.appUrl]);
    const app = await connect(ledger.appUrl, 1);
    try {
      await withTenant(app, ORG, (manager) =>
        manager.insert(LedgerEntry, { orgId: ORG, note: 'after re-run' }),
      );
      expect(await withTenant(app, ORG, (manager) => manager.count(LedgerEntry))).toBe(1);
    } finally {
      await app.destroy();
    }
  });

  it('refuses to use a superuser as the app role, and leaves that role as it was', async () => {
    const superuser = decodeURIComponent(new URL(ledger.adminUrl).username);

    await expect(
      provisionServiceRoles(ledger.adminUrl, { ...ledger.options, appRole: superuser }),
    ).rejects.toThrow(`Role "${superuser}" is a superuser or has BYPASSRLS`);
    const [[facts]] = await runSql(ledger.adminUrl, [
      `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
    ]);
    expect(facts).toEqual({ superuser: true });
  });

  it('refuses an app role that is the owner or a member of it', async () => {
    await expect(
      provisionServiceRoles(ledger.adminUrl, { ...ledger.options, appRole: ledger.ownerRole }),
    ).rejects.toThrow('must not be the owner role');

    await runSql(ledger.adminUrl, [`GRANT "${ledger.ownerRole}" TO "${ledger.appRole}"`]);
    try {
      await expect(provisionServiceRoles(ledger.adminUrl, ledger.options)).rejects.toThrow(
        `is a member of the owner role "${ledger.ownerRole}"`,
      );
    } finally {
      await runSql(ledger.adminUrl, [`REVOKE "${ledger.ownerRole}" FROM "${ledger.appRole}"`]);
    }
  });
});
