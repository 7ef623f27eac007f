import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const CLAIM_HEADER = `RETURNS TABLE (org_id uuid, id uuid, profile_id uuid, cron text, timezone text, next_tick_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp`;

/**
 * The only way across tenants: claims due, enabled schedules whose lease expired (FOR UPDATE SKIP LOCKED, so
 * replicas never claim the same one), leasing them until p_now + p_lease_ms. Times come from the caller's Clock.
 */
const CLAIM_BODY = `
  UPDATE perf.performance_schedules AS s
     SET lease_until = p_now + make_interval(secs => greatest(p_lease_ms, 1) / 1000.0)
   WHERE s.id IN (
     SELECT d.id FROM perf.performance_schedules AS d
      WHERE d.enabled AND d.next_tick_at IS NOT NULL AND d.next_tick_at <= p_now
        AND (d.lease_until IS NULL OR d.lease_until < p_now)
      ORDER BY d.next_tick_at
      LIMIT least(greatest(p_limit, 0), 500)
      FOR UPDATE SKIP LOCKED)
  RETURNING s.org_id, s.id, s.profile_id, s.cron, s.timezone, s.next_tick_at`;

// Forced RLS binds the schema owner too, so the definer function (owned by it) would see no rows; this policy lets
// exactly that role through. The application role is never a member of it (provisioning refuses that), so it
// widens nothing for the service itself; the tenant isolation audit checks the same.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON perf.performance_schedules FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$`;

/** Generated from the entities (pendingSchemaChanges), then row-level security and the claim function by hand. */
export class CreatePerformanceSchedules1796800000000 implements MigrationInterface {
  name = 'CreatePerformanceSchedules1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "perf"."performance_schedules" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" text NOT NULL, "profile_id" uuid NOT NULL, "cron" text NOT NULL, "timezone" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "next_tick_at" TIMESTAMP WITH TIME ZONE, "lease_until" TIMESTAMP WITH TIME ZONE, "last_tick_at" TIMESTAMP WITH TIME ZONE, "missed_ticks" integer NOT NULL DEFAULT '0', "version" integer NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ba90bb7e9bfe6925e18fe14c0ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_performance_schedules_due" ON "perf"."performance_schedules"  ("next_tick_at") WHERE enabled AND next_tick_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_performance_schedules_org_name" ON "perf"."performance_schedules"  ("org_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TYPE "perf"."performance_schedule_tick_outcome" AS ENUM('firing', 'started', 'skipped', 'failed', 'missed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "perf"."performance_schedule_ticks" ("schedule_id" uuid NOT NULL, "tick_at" TIMESTAMP WITH TIME ZONE NOT NULL, "org_id" uuid NOT NULL, "outcome" "perf"."performance_schedule_tick_outcome" NOT NULL, "run_id" uuid, "detail" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ca69e3a52d3f531477fe019a495" PRIMARY KEY ("schedule_id", "tick_at"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "perf"."performance_schedule_ticks" ADD CONSTRAINT "FK_7634367afa4233fcd5b6e89834e" FOREIGN KEY ("schedule_id") REFERENCES "perf"."performance_schedules"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const table of ['performance_schedules', 'performance_schedule_ticks']) {
      for (const sql of enableTenantRls('perf', table)) await queryRunner.query(sql);
    }
    await queryRunner.query(OWNER_SCAN_POLICY);
    await queryRunner.query(`CREATE FUNCTION "perf"."claim_due_schedules"(
        p_now timestamptz, p_lease_ms integer, p_limit integer)
      ${CLAIM_HEADER}
      AS $fn$${CLAIM_BODY}
      $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "perf"."claim_due_schedules"(timestamptz, integer, integer)`);
    await queryRunner.query(`DROP POLICY "schema_owner_scan" ON "perf"."performance_schedules"`);
    for (const table of ['performance_schedule_ticks', 'performance_schedules']) {
      for (const sql of disableTenantRls('perf', table)) await queryRunner.query(sql);
    }
    await queryRunner.query(
      `ALTER TABLE "perf"."performance_schedule_ticks" DROP CONSTRAINT "FK_7634367afa4233fcd5b6e89834e"`,
    );
    await queryRunner.query(`DROP TABLE "perf"."performance_schedule_ticks"`);
    await queryRunner.query(`DROP TYPE "perf"."performance_schedule_tick_outcome"`);
    await queryRunner.query(`DROP INDEX "perf"."ux_performance_schedules_org_name"`);
    await queryRunner.query(`DROP INDEX "perf"."ix_performance_schedules_due"`);
    await queryRunner.query(`DROP TABLE "perf"."performance_schedules"`);
  }
}
