import pg from 'pg';

/**
 * A fingerprint of everything one organization owns, in every service's schema, read as a superuser
 * (behind row-level security): per table with an org_id column, the hash of that org's rows, leaving out
 * timestamp columns (background work such as pings moves them without anyone changing the data).
 */
export async function tenantSnapshot(adminUrl: string, orgId: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; table: string; columns: string[] }>(
      `SELECT n.nspname AS schema, c.relname AS table,
              array_agg(quote_ident(a.attname) ORDER BY a.attnum) FILTER (
                WHERE a.atttypid NOT IN ('timestamp'::regtype, 'timestamptz'::regtype, 'date'::regtype)
              ) AS columns
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = c.oid AND o.attname = 'org_id' AND NOT o.attisdropped)
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        GROUP BY n.nspname, c.relname
        ORDER BY 1, 2`,
    );
    const snapshot: Record<string, string> = {};
    for (const { schema, table, columns } of tables) {
      const target = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
      const { rows } = await client.query<{ count: number; digest: string | null }>(
        `SELECT count(*)::int AS count, md5(string_agg(r::text, '|' ORDER BY r::text)) AS digest
           FROM (SELECT ${columns.join(', ')} FROM ${target} WHERE org_id = $1) r`,
        [orgId],
      );
      snapshot[`${schema}.${table}`] = `${rows[0]?.count ?? 0}:${rows[0]?.digest ?? ''}`;
    }
    return snapshot;
  } finally {
    await client.end();
  }
}
