import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'perf';

// Forced RLS binds the schema owner too: the claim function below (owned by it) needs this policy to see the runs of
// every organization. The application role is never a member of the owner role.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON perf.performance_runs FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$`;

// Runs span organizations: each replica claims pending runs, and running ones whose owner's lease expired (a dead
// replica) so that it records them FAILED (a load test is never re-run), skipping rows another replica is claiming.
// Ids and organizations only; everything else happens in the organization's own transaction.
const CLAIM_RUNS = `CREATE FUNCTION perf.claim_performance_runs(p_now timestamptz, p_owner text, p_lease_ms integer,
    p_limit integer)
  RETURNS TABLE (id uuid, org_id uuid, abandoned boolean)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  WITH due AS (
    SELECT r.id, r.status FROM perf.performance_runs AS r
     WHERE r.status = 'PENDING' OR (r.status = 'RUNNING' AND r.lease_until < p_now)
     ORDER BY r.created_at
     LIMIT least(greatest(p_limit, 0), 100)
     FOR UPDATE SKIP LOCKED)
  UPDATE perf.performance_runs AS p
     SET status = 'RUNNING', lease_owner = p_owner,
         lease_until = p_now + make_interval(secs => greatest(p_lease_ms, 1) / 1000.0),
         started_at = coalesce(p.started_at, p_now), updated_at = p_now
    FROM due
   WHERE p.id = due.id
  RETURNING p.id, p.org_id, due.status = 'RUNNING'
$fn$`;

export class CreatePerformanceRuns1796700000000 implements MigrationInterface {
  name = 'CreatePerformanceRuns1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "perf"."performance_runs" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "schedule_id" uuid, "profile" jsonb NOT NULL, "status" text NOT NULL, "idempotency_key" text NOT NULL, "requested_by" text NOT NULL, "cancel_requested" boolean NOT NULL DEFAULT false, "progress" jsonb, "message" text, "lease_owner" text, "lease_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_performance_runs" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "ux_performance_runs_org_key" ON "perf"."performance_runs" ("org_id", "idempotency_key") `,
      `CREATE INDEX "ix_performance_runs_org_created" ON "perf"."performance_runs" ("org_id", "created_at", "id") `,
      `CREATE INDEX "ix_performance_runs_status_created" ON "perf"."performance_runs" ("status", "created_at") `,
      `CREATE INDEX "ix_performance_runs_org_schedule_status" ON "perf"."performance_runs" ("org_id", "schedule_id", "status") `,
      `CREATE TABLE "perf"."performance_results" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "result" jsonb NOT NULL, "smp" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_performance_results" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_performance_results_org_created" ON "perf"."performance_results" ("org_id", "created_at", "id") `,
      ...enableTenantRls(SCHEMA, 'performance_runs'),
      ...enableTenantRls(SCHEMA, 'performance_results'),
      OWNER_SCAN_POLICY,
      CLAIM_RUNS,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION perf.claim_performance_runs(timestamptz, text, integer, integer)`,
      `DROP POLICY schema_owner_scan ON perf.performance_runs`,
      ...disableTenantRls(SCHEMA, 'performance_results'),
      ...disableTenantRls(SCHEMA, 'performance_runs'),
      `DROP TABLE "perf"."performance_results"`,
      `DROP TABLE "perf"."performance_runs"`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
