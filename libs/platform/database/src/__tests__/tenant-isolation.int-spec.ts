import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidTenantIdError, withTenant, withTransaction } from '../index.js';
import { LedgerEntry } from './fixtures/ledger-entry.entity.js';
import { ledgerDatabase, runSql, type LedgerDatabase } from './fixtures/tenant-roles.fixture.js';

const ORG_A = '0a0a0a0a-0000-4000-8000-00000000000a';
const ORG_B = '0b0b0b0b-0000-4000-8000-00000000000b';

const notes = (manager: EntityManager) =>
  manager
    .getRepository(LedgerEntry)
    .find({ order: { note: 'ASC' } })
    .then((rows) => rows.map((row) => `${row.orgId}:${row.note}`));

describe('tenant isolation through row-level security, connected as the app role', () => {
  let ledger: LedgerDatabase;
  let app: DataSource;

  beforeAll(async () => {
    ledger = await ledgerDatabase('tenancy');
    app = ledger.app;
    await withTenant(app, ORG_A, (manager) =>
      manager.insert(LedgerEntry, [
        { orgId: ORG_A, note: 'a1' },
        { orgId: ORG_A, note: 'a2' },
      ]),
    );
    await withTenant(app, ORG_B, (manager) => manager.insert(LedgerEntry, { orgId: ORG_B, note: 'b1' }));
  });

  afterAll(() => ledger?.dispose());

  it("shows each tenant only its own rows, in a table the owner's migration created after provisioning", async () => {
    expect(await withTenant(app, ORG_A, notes)).toEqual([`${ORG_A}:a1`, `${ORG_A}:a2`]);
    expect(await withTenant(app, ORG_B, notes)).toEqual([`${ORG_B}:b1`]);
  });

  it("lets a tenant neither update nor delete another tenant's rows", async () => {
    const touched = await withTenant(app, ORG_B, async (manager) => {
      const updated = await manager.query(`UPDATE ledger.entry SET note = 'hijacked' WHERE note LIKE 'a%'`);
      const deleted = await manager.query(`DELETE FROM ledger.entry WHERE org_id = $1`, [ORG_A]);
      return [updated[1], deleted[1]];
    });

    expect(touched).toEqual([0, 0]);
    expect(await withTenant(app, ORG_A, notes)).toEqual([`${ORG_A}:a1`, `${ORG_A}:a2`]);
  });

  it('returns no rows and accepts no insert without a tenant, even on a connection a tenant used before', async () => {
    // The pool holds one connection, so these run on the session the tenant transactions above used.
    const count = 'SELECT count(*)::int AS count FROM ledger.entry';

    expect(await app.query(count)).toEqual([{ count: 0 }]);
    expect(await withTransaction(app, (manager) => manager.query(count))).toEqual([{ count: 0 }]);
    await expect(
      withTransaction(app, (manager) => manager.insert(LedgerEntry, { orgId: ORG_A, note: 'tenantless' })),
    ).rejects.toThrow('violates row-level security policy');
  });

  it('refuses writing a row for another tenant (WITH CHECK), by insert or by update', async () => {
    await expect(
      withTenant(app, ORG_A, (manager) => manager.insert(LedgerEntry, { orgId: ORG_B, note: 'planted' })),
    ).rejects.toThrow('violates row-level security policy');
    await expect(
      withTenant(app, ORG_A, (manager) =>
        manager.query(`UPDATE ledger.entry SET org_id = $1 WHERE note = 'a1'`, [ORG_B]),
      ),
    ).rejects.toThrow('violates row-level security policy');

    expect(await withTenant(app, ORG_B, notes)).toEqual([`${ORG_B}:b1`]);
  });

  it.each([
    ["'; DROP TABLE ledger.entry; --"],
    [`${ORG_A}' OR '1'='1`],
    [`${ORG_A}; RESET ROLE`],
    [''],
    ['not-a-uuid'],
    [` ${ORG_A}`],
  ])('refuses the org id %j before any SQL runs', async (orgId) => {
    let ran = false;

    const attempt = withTenant(app, orgId, async () => {
      ran = true;
    });

    await expect(attempt).rejects.toBeInstanceOf(InvalidTenantIdError);
    expect(ran).toBe(false);
    expect(await withTenant(app, ORG_A, notes)).toEqual([`${ORG_A}:a1`, `${ORG_A}:a2`]);
  });

  it('gives the app role no way to change the schema or switch row-level security off', async () => {
    await expect(app.query('CREATE TABLE ledger.sneaky (id int)')).rejects.toThrow('permission denied');
    await expect(app.query('ALTER TABLE ledger.entry DISABLE ROW LEVEL SECURITY')).rejects.toThrow(
      'must be owner',
    );
    await expect(app.query('DROP POLICY tenant_isolation ON ledger.entry')).rejects.toThrow('must be owner');
    await expect(app.query(`SET ROLE "${ledger.ownerRole}"`)).rejects.toThrow('permission denied');
  });

  it('lets the owner of a forced table see rows only through a tenant too', async () => {
    const ownerCount = await runSql(ledger.ownerUrl, ['SELECT count(*)::int AS count FROM ledger.entry']);

    expect(ownerCount).toEqual([[{ count: 0 }]]);
  });
});
