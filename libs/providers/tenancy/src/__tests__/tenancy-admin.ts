import pg from 'pg';

/** SQL as a superuser, behind the service's back: row-level security does not apply. */
export async function admin<R = Record<string, unknown>>(
  adminUrl: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as R[];
  } finally {
    await client.end();
  }
}
