import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TENANT_COLUMN, TENANT_SETTING } from './tenant-id.js';

export type TenantIsolationViolationCode =
  | 'rls-not-enabled'
  | 'rls-not-forced'
  | 'no-tenant-policy'
  | 'policy-without-tenant'
  | 'connected-as-owner'
  | 'superuser'
  | 'bypass-rls';

export interface TenantIsolationViolation {
  code: TenantIsolationViolationCode;
  /** Null for violations of the connected role itself. */
  schema: string | null;
  table: string | null;
  message: string;
}

export interface TenantIsolationAuditOptions {
  /** Schemas to inspect; all but Postgres' own when absent. */
  schemas?: string[];
}

interface TenantTableRow {
  schema: string;
  table: string;
  owner: string;
  enabled: boolean;
  forced: boolean;
  connected_as_owner: boolean;
  has_tenant_policy: boolean;
  widening_policies: string[];
}

interface ConnectedRoleRow {
  role: string;
  superuser: boolean;
  bypass_rls: boolean;
}

type Query = <R>(sql: string, parameters: unknown[]) => Promise<R[]>;

// An expression counts as tenant-bound when it reads the tenant setting (as enableTenantRls' policy does).
const READS_TENANT = (expression: string) =>
  `strpos(coalesce(pg_get_expr(${expression}, p.polrelid), ''), '''${TENANT_SETTING}''') > 0`;

/** Policies that apply to the connected role, directly, through PUBLIC (0) or through a role it belongs to. */
const APPLIES_TO_CONNECTED_ROLE = `EXISTS (SELECT 1 FROM unnest(p.polroles) AS r(oid)
                  WHERE r.oid = 0 OR pg_has_role(current_user, r.oid, 'MEMBER'))`;

const TENANT_TABLES = `
  SELECT n.nspname AS schema, c.relname AS table, pg_get_userbyid(c.relowner) AS owner,
         c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
         pg_has_role(current_user, c.relowner, 'MEMBER') AS connected_as_owner,
         EXISTS (SELECT 1 FROM pg_policy p
                  WHERE p.polrelid = c.oid AND p.polcmd = '*' AND ${READS_TENANT('p.polqual')}
                    AND (p.polwithcheck IS NULL OR ${READS_TENANT('p.polwithcheck')})) AS has_tenant_policy,
         ARRAY(SELECT p.polname::text FROM pg_policy p
                WHERE p.polrelid = c.oid AND p.polpermissive AND ${APPLIES_TO_CONNECTED_ROLE}
                  AND ((p.polqual IS NOT NULL AND NOT ${READS_TENANT('p.polqual')})
                    OR (p.polwithcheck IS NOT NULL AND NOT ${READS_TENANT('p.polwithcheck')}))
                ORDER BY p.polname) AS widening_policies
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relkind IN ('r', 'p')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     AND ($2::text[] IS NULL OR n.nspname = ANY ($2::text[]))
   ORDER BY n.nspname, c.relname`;

const CONNECTED_ROLE = `
  SELECT rolname AS role, rolsuper AS superuser, rolbypassrls AS bypass_rls
    FROM pg_roles WHERE rolname = current_user`;

/**
 * What would let one tenant see or write another's rows, as seen from the connection given (connect with
 * the service's runtime credentials): tables with an org_id column lacking enabled or forced row-level
 * security or a tenant policy, permissive policies that do not bind the tenant (they widen access), and a
 * connected role that owns such a table (or belongs to its owner), is a superuser or has BYPASSRLS.
 * Empty means isolated. CI runs it against a migrated database and fails on any entry.
 */
export async function auditTenantIsolation(
  target: DataSource | string,
  options: TenantIsolationAuditOptions = {},
): Promise<TenantIsolationViolation[]> {
  return withQuery(target, async (query) => {
    const tables = await query<TenantTableRow>(TENANT_TABLES, [TENANT_COLUMN, options.schemas ?? null]);
    const [role] = await query<ConnectedRoleRow>(CONNECTED_ROLE, []);
    return [...(role ? roleViolations(role) : []), ...tables.flatMap(tableViolations)];
  });
}

function roleViolations({ role, superuser, bypass_rls }: ConnectedRoleRow): TenantIsolationViolation[] {
  const violations: TenantIsolationViolation[] = [];
  if (superuser) {
    violations.push(
      roleViolation('superuser', `Connected role "${role}" is a superuser: it ignores row-level security`),
    );
  }
  if (bypass_rls) {
    violations.push(
      roleViolation('bypass-rls', `Connected role "${role}" has BYPASSRLS: it ignores row-level security`),
    );
  }
  return violations;
}

function tableViolations(row: TenantTableRow): TenantIsolationViolation[] {
  const name = `"${row.schema}"."${row.table}"`;
  const violation = (code: TenantIsolationViolationCode, message: string): TenantIsolationViolation => ({
    code,
    schema: row.schema,
    table: row.table,
    message: `${name}: ${message}`,
  });
  const violations: TenantIsolationViolation[] = [];
  if (!row.enabled) violations.push(violation('rls-not-enabled', 'row-level security is not enabled'));
  if (!row.forced) {
    violations.push(
      violation('rls-not-forced', 'row-level security is not forced, so its owner bypasses it'),
    );
  }
  if (!row.has_tenant_policy) {
    violations.push(
      violation('no-tenant-policy', `no policy for all commands restricts rows to ${TENANT_SETTING}`),
    );
  }
  for (const policy of row.widening_policies) {
    violations.push(
      violation('policy-without-tenant', `permissive policy "${policy}" does not check ${TENANT_SETTING}`),
    );
  }
  if (row.connected_as_owner) {
    violations.push(
      violation(
        'connected-as-owner',
        `the connection can act as its owner "${row.owner}" and so alter or disable its policies`,
      ),
    );
  }
  return violations;
}

function roleViolation(code: TenantIsolationViolationCode, message: string): TenantIsolationViolation {
  return { code, schema: null, table: null, message };
}

async function withQuery<T>(target: DataSource | string, use: (query: Query) => Promise<T>): Promise<T> {
  if (typeof target !== 'string') {
    return use((sql, parameters) => target.query(sql, parameters));
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return await use(
      async <R>(sql: string, parameters: unknown[]) => (await client.query(sql, parameters)).rows as R[],
    );
  } finally {
    await client.end();
  }
}
