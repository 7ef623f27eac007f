import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freshRoleName } from '@meshplane/testing';
import { auditTenantIsolation, enableTenantRls, roleUrl, type TenantIsolationViolation } from '../index.js';
import { ledgerDatabase, runSql, type LedgerDatabase } from './fixtures/tenant-roles.fixture.js';

const summary = (violations: TenantIsolationViolation[]) =>
  violations.map(({ code, schema, table }) =>
    [code, schema && `${schema}.${table}`].filter(Boolean).join(' '),
  );

describe('auditTenantIsolation', () => {
  let ledger: LedgerDatabase;
  const extraRoles: string[] = [];

  beforeAll(async () => {
    ledger = await ledgerDatabase('audit');
  });

  afterAll(async () => {
    if (extraRoles.length)
      await runSql(
        ledger.adminUrl,
        extraRoles.map((role) => `DROP ROLE "${role}"`),
      );
    await ledger?.dispose();
  });

  /** A login role made by the superuser, with the given attributes, and its URL. */
  const loginRole = async (label: string, attributes: string, grants: string[] = []) => {
    const role = freshRoleName(label);
    const password = randomBytes(12).toString('hex');
    await runSql(ledger.adminUrl, [
      `CREATE ROLE "${role}" LOGIN ${attributes} PASSWORD '${password}'`,
      ...grants.map((grant) => `GRANT "${grant}" TO "${role}"`),
    ]);
    extraRoles.push(role);
    return roleUrl(ledger.adminUrl, role, password);
  };

  it('reports nothing for a provisioned, migrated schema seen by its app role', async () => {
    expect(await auditTenantIsolation(ledger.app)).toEqual([]);
    expect(await auditTenantIsolation(ledger.appUrl, { schemas: ['ledger'] })).toEqual([]);
  });

  it('reports each org_id table without enabled or forced RLS, without a tenant policy, or with a widening policy', async () => {
    await runSql(ledger.adminUrl, [
      `CREATE SCHEMA scratch AUTHORIZATION "${ledger.ownerRole}"`,
      `GRANT USAGE ON SCHEMA scratch TO "${ledger.appRole}"`,
    ]);
    await runSql(ledger.ownerUrl, [
      'CREATE TABLE scratch.unprotected (org_id uuid NOT NULL)',
      'CREATE TABLE scratch.unforced (org_id uuid NOT NULL)',
      ...enableTenantRls('scratch', 'unforced'),
      'ALTER TABLE scratch.unforced NO FORCE ROW LEVEL SECURITY',
      'CREATE TABLE scratch.policyless (org_id uuid NOT NULL)',
      'ALTER TABLE scratch.policyless ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE scratch.policyless FORCE ROW LEVEL SECURITY',
      'CREATE TABLE scratch.widened (org_id uuid NOT NULL)',
      ...enableTenantRls('scratch', 'widened'),
      'CREATE POLICY everyone_reads ON scratch.widened FOR SELECT USING (true)',
      'CREATE TABLE scratch.not_tenant_owned (id int)',
    ]);

    const violations = await auditTenantIsolation(ledger.app);

    expect(summary(violations)).toEqual([
      'no-tenant-policy scratch.policyless',
      'rls-not-forced scratch.unforced',
      'rls-not-enabled scratch.unprotected',
      'rls-not-forced scratch.unprotected',
      'no-tenant-policy scratch.unprotected',
      'policy-without-tenant scratch.widened',
    ]);
    expect(violations.find(({ table }) => table === 'widened')?.message).toContain('"everyone_reads"');
    expect(await auditTenantIsolation(ledger.app, { schemas: ['ledger'] })).toEqual([]);
  });

  it('reports a connection as the owner, as a member of the owner, as a superuser, or with BYPASSRLS', async () => {
    const ledgerOnly = { schemas: ['ledger'] };
    const member = await loginRole('owner member', '', [ledger.ownerRole]);
    const bypassing = await loginRole('bypassing', 'BYPASSRLS');

    expect(summary(await auditTenantIsolation(ledger.ownerUrl, ledgerOnly))).toEqual([
      'connected-as-owner ledger.entry',
    ]);
    expect(summary(await auditTenantIsolation(member, ledgerOnly))).toEqual([
      'connected-as-owner ledger.entry',
    ]);
    expect(summary(await auditTenantIsolation(ledger.adminUrl, ledgerOnly))).toEqual([
      'superuser',
      // initdb's bootstrap superuser carries BYPASSRLS as well.
      'bypass-rls',
      'connected-as-owner ledger.entry',
    ]);
    expect(summary(await auditTenantIsolation(bypassing, ledgerOnly))).toEqual(['bypass-rls']);
  });
});
