import type pg from 'pg';

/**
 * Samples what the database's backends of `role` are doing, every `intervalMs` until the returned function is
 * called: each active backend counts once per sample for its wait event (`cpu` when none) and statement (first
 * 70 characters). Over a phase the counts show where the database's time went, without pg_stat_statements
 * (which needs the server started with it). The sampling queries cost the database a little CPU themselves.
 */
export function samplePgActivity(
  client: pg.Client,
  role: string,
  intervalMs = 10,
): () => Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ statement: string; wait: string | null }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS statement,
                wait_event_type || ':' || wait_event AS wait
         FROM pg_stat_activity WHERE usename = $1 AND state = 'active'`,
        [role],
      );
      for (const { statement, wait } of rows) {
        const key = `${wait ?? 'cpu'} | ${statement.trim()}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return counts;
  };
}
