import type { MigrationInterface, QueryRunner } from 'typeorm';

// The announcement sweep spans organizations (like the claim): the schema owner's function needs to see every
// organization's results under forced RLS. The application role is never a member of the owner role.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON perf.performance_results FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$`;

// Ids and organizations of results not announced yet (oldest first); each is then announced in its own organization's
// transaction.
const UNANNOUNCED = `CREATE FUNCTION perf.unannounced_performance_results(p_limit integer)
  RETURNS TABLE (id uuid, org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT r.id, r.org_id FROM perf.performance_results AS r
   WHERE r.announced_at IS NULL
   ORDER BY r.created_at
   LIMIT least(greatest(p_limit, 0), 100)
$fn$`;

/**
 * When each result was announced on PERF_RESULTS (null until then: an outbox the replicas sweep, so that a result
 * stored just before a crash is still announced). Results stored before this migration count as announced: nothing
 * consumed them then, and a first start must not flood the remote providers with history.
 */
export class AddResultAnnouncements1797100000000 implements MigrationInterface {
  name = 'AddResultAnnouncements1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE "perf"."performance_results" ADD "announced_at" TIMESTAMP WITH TIME ZONE`,
      `UPDATE "perf"."performance_results" SET "announced_at" = "created_at"`,
      `CREATE INDEX "ix_performance_results_unannounced" ON "perf"."performance_results" ("created_at") WHERE "announced_at" IS NULL`,
      OWNER_SCAN_POLICY,
      UNANNOUNCED,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION perf.unannounced_performance_results(integer)`,
      `DROP POLICY schema_owner_scan ON perf.performance_results`,
      `DROP INDEX "perf"."ix_performance_results_unannounced"`,
      `ALTER TABLE "perf"."performance_results" DROP COLUMN "announced_at"`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
