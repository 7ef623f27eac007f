import type { MigrationInterface, QueryRunner } from 'typeorm';

const BODY = (now: string) => `
  UPDATE meshsync_ingest.connections AS c
     SET ping_lease_until = ${now} + make_interval(secs => greatest(p_lease_ms, 1) / 1000.0)
   WHERE c.id IN (
     SELECT d.id FROM meshsync_ingest.connections AS d
      WHERE d.status IN ('connecting', 'connected', 'disconnected') AND NOT d.user_disconnected
        AND (d.last_ping_at IS NULL OR d.last_ping_at <= ${now} - make_interval(secs => greatest(p_interval_ms, 0) / 1000.0))
        AND (d.ping_lease_until IS NULL OR d.ping_lease_until < ${now})
      ORDER BY d.last_ping_at NULLS FIRST
      LIMIT least(greatest(p_limit, 0), 500)
      FOR UPDATE SKIP LOCKED)
  RETURNING c.org_id, c.id`;

const HEADER = `RETURNS TABLE (org_id uuid, id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp`;

/**
 * Hand-written. The ping's claim compared `last_ping_at` and the lease (both written with the service's Clock)
 * with the database's now(); it now takes the time from the caller's Clock (`p_now`), so every time the ping
 * stores or compares is the one Clock's (a ManualClock in tests) and the two can no longer disagree.
 */
export class ClaimDuePingsOnClock1796510000000 implements MigrationInterface {
  name = 'ClaimDuePingsOnClock1796510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION "meshsync_ingest"."claim_due_connection_pings"(integer, integer, integer)`,
    );
    await queryRunner.query(`CREATE FUNCTION "meshsync_ingest"."claim_due_connection_pings"(
        p_now timestamptz, p_interval_ms integer, p_lease_ms integer, p_limit integer)
      ${HEADER}
      AS $fn$${BODY('p_now')}
      $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION "meshsync_ingest"."claim_due_connection_pings"(timestamptz, integer, integer, integer)`,
    );
    await queryRunner.query(`CREATE FUNCTION "meshsync_ingest"."claim_due_connection_pings"(
        p_interval_ms integer, p_lease_ms integer, p_limit integer)
      ${HEADER}
      AS $fn$${BODY('now()')}
      $fn$`);
  }
}
