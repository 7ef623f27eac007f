import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'meshsync_ingest';

// Forced RLS binds the schema owner too, so the SECURITY DEFINER function below (owned by it) would see no
// rows. This policy lets exactly that role through; the application role is never a member of it.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON meshsync_ingest.discovery_leases FOR SELECT TO %I USING (true)', current_user);
END $$`;

// Which clusters some replica holds right now, across tenants, ids only: what a replica needs to pick free
// clusters and compute its fair share. search_path pinned so nothing of a caller's choosing is substituted.
const LIVE_LEASES = `CREATE FUNCTION "meshsync_ingest"."discovery_live_leases"()
  RETURNS TABLE (cluster_id uuid, holder text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT l.cluster_id, l.holder FROM meshsync_ingest.discovery_leases AS l WHERE l.expires_at > now()
$fn$`;

export class CreateDiscoveryLeases1795224893597 implements MigrationInterface {
  name = 'CreateDiscoveryLeases1795224893597';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meshsync_ingest"."discovery_leases" ("cluster_id" uuid NOT NULL, "org_id" uuid NOT NULL, "holder" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resync_requested_at" TIMESTAMP WITH TIME ZONE, "sync_status" jsonb, "status_updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_discovery_leases" PRIMARY KEY ("cluster_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_discovery_leases_holder" ON "meshsync_ingest"."discovery_leases" ("holder") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meshsync_ingest"."discovery_replicas" ("instance_id" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_discovery_replicas" PRIMARY KEY ("instance_id"))`,
    );
    for (const statement of [...enableTenantRls(SCHEMA, 'discovery_leases'), OWNER_SCAN_POLICY, LIVE_LEASES])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION "meshsync_ingest"."discovery_live_leases"()`,
      `DROP POLICY "schema_owner_scan" ON "meshsync_ingest"."discovery_leases"`,
      ...disableTenantRls(SCHEMA, 'discovery_leases'),
    ])
      await queryRunner.query(statement);
    await queryRunner.query(`DROP TABLE "meshsync_ingest"."discovery_replicas"`);
    await queryRunner.query(`DROP INDEX "meshsync_ingest"."ix_discovery_leases_holder"`);
    await queryRunner.query(`DROP TABLE "meshsync_ingest"."discovery_leases"`);
  }
}
