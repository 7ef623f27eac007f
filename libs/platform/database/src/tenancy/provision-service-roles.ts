import pg from 'pg';
import { quoteIdentifier } from '../data-source/service-data-source.js';
import { roleUrl } from './role-url.js';

export interface ServiceRolesOptions {
  /** The service's schema: created if missing, owned by `ownerRole`. */
  schema: string;
  /** Owns the schema and its tables, runs the migrations. */
  ownerRole: string;
  /** What the service connects as at runtime: never the owner, so forced row-level security applies to it. */
  appRole: string;
  appPassword: string;
  /** Lets the owner log in with this password (migration jobs); when absent its password is left as it is. */
  ownerPassword?: string;
}

// Roles are shared by the whole server: one key for every schema, so concurrent runs never race on a role.
const LOCK_KEY = 'meshplane.service-roles';

/**
 * Creates or updates (idempotently) the owner and application roles of one service schema on the database
 * of `adminUrl` (a superuser, or a role allowed to create roles and act as the owner), and returns the URL
 * the service connects with at runtime. The application role gets data privileges only (no DDL, no
 * ownership, no BYPASSRLS), on today's tables and sequences and, through default privileges, on those the
 * owner creates later. Runs in one transaction under an advisory lock, so replicas may run it together.
 */
export async function provisionServiceRoles(adminUrl: string, options: ServiceRolesOptions): Promise<string> {
  assertDistinctRoles(options);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [LOCK_KEY]);
      await ensureLoginRole(client, options.ownerRole, options.ownerPassword);
      await ensureLoginRole(client, options.appRole, options.appPassword);
      await refuseAppActingAsOwner(client, options);
      await ensureSchemaOwner(client, options);
      await grantDataPrivileges(client, options);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await client.end();
  }
  return roleUrl(adminUrl, options.appRole, options.appPassword);
}

function assertDistinctRoles({ ownerRole, appRole, appPassword }: ServiceRolesOptions): void {
  if (!ownerRole || !appRole)
    throw new Error('provisionServiceRoles needs both an owner and an app role name');
  if (ownerRole === appRole) {
    throw new Error('The app role must not be the owner role: row-level security would not bind it');
  }
  if (!appPassword) throw new Error('provisionServiceRoles needs a password for the app role');
}

async function ensureLoginRole(client: pg.Client, role: string, password: string | undefined): Promise<void> {
  const { rows } = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
    [role],
  );
  const existing = rows[0];
  if (existing && (existing.rolsuper || existing.rolbypassrls)) {
    // Demoting it could break whoever else uses it; keeping it would let it ignore row-level security.
    throw new Error(`Role "${role}" is a superuser or has BYPASSRLS: choose another role for this service`);
  }
  // Utility statements take no bind parameters; the literal is escaped and the statement is never logged here.
  const passwordClause = password === undefined ? '' : ` PASSWORD ${client.escapeLiteral(password)}`;
  await client.query(`${existing ? 'ALTER' : 'CREATE'} ROLE ${quoteIdentifier(role)} LOGIN${passwordClause}`);
}

/** A member of the owner role can act as the owner (SET ROLE, ALTER TABLE … DISABLE ROW LEVEL SECURITY). */
async function refuseAppActingAsOwner(client: pg.Client, { ownerRole, appRole }: ServiceRolesOptions) {
  const { rows } = await client.query<{ member: boolean }>("SELECT pg_has_role($1, $2, 'MEMBER') AS member", [
    appRole,
    ownerRole,
  ]);
  if (rows[0]?.member) {
    throw new Error(
      `Role "${appRole}" is a member of the owner role "${ownerRole}": revoke that membership first`,
    );
  }
}

async function ensureSchemaOwner(
  client: pg.Client,
  { schema, ownerRole }: ServiceRolesOptions,
): Promise<void> {
  const { rows } = await client.query<{ owner: string }>(
    'SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1',
    [schema],
  );
  const current = rows[0];
  if (!current) {
    await client.query(
      `CREATE SCHEMA ${quoteIdentifier(schema)} AUTHORIZATION ${quoteIdentifier(ownerRole)}`,
    );
  } else if (current.owner !== ownerRole) {
    await client.query(`ALTER SCHEMA ${quoteIdentifier(schema)} OWNER TO ${quoteIdentifier(ownerRole)}`);
  }
}

async function grantDataPrivileges(client: pg.Client, { schema, ownerRole, appRole }: ServiceRolesOptions) {
  const { rows } = await client.query<{ database: string }>('SELECT current_database() AS database');
  const [database, namespace, owner, app] = [rows[0]?.database ?? '', schema, ownerRole, appRole].map(
    quoteIdentifier,
  );
  const statements = [
    // PUBLIC has CONNECT by default; explicit so that a hardened database (CONNECT revoked) still works.
    `GRANT CONNECT ON DATABASE ${database} TO ${app}`,
    `GRANT USAGE ON SCHEMA ${namespace} TO ${app}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${namespace} TO ${app}`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${namespace} TO ${app}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${namespace} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${namespace} GRANT USAGE ON SEQUENCES TO ${app}`,
  ];
  for (const statement of statements) await client.query(statement);
}
