import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'meshsync_ingest';

// Forced RLS binds the schema owner too, so the SECURITY DEFINER functions below (owned by it) would see no
// rows. This policy lets exactly that role through; the application role is never a member of it (provisioning
// refuses that), so it widens nothing for the service itself. The tenant isolation audit checks the same.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON meshsync_ingest.connections FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$`;

// Cross-tenant scans a background worker needs, each returning ids only. search_path is pinned so no object
// of a caller's choosing can be substituted; calling them needs USAGE on the schema (the service's roles only).
const CLAIM_DUE_PINGS = `CREATE FUNCTION "meshsync_ingest"."claim_due_connection_pings"(p_interval_ms integer, p_lease_ms integer, p_limit integer)
  RETURNS TABLE (org_id uuid, id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  UPDATE meshsync_ingest.connections AS c
     SET ping_lease_until = now() + make_interval(secs => greatest(p_lease_ms, 1) / 1000.0)
   WHERE c.id IN (
     SELECT d.id FROM meshsync_ingest.connections AS d
      WHERE d.status IN ('connecting', 'connected', 'disconnected') AND NOT d.user_disconnected
        AND (d.last_ping_at IS NULL OR d.last_ping_at <= now() - make_interval(secs => greatest(p_interval_ms, 0) / 1000.0))
        AND (d.ping_lease_until IS NULL OR d.ping_lease_until < now())
      ORDER BY d.last_ping_at NULLS FIRST
      LIMIT least(greatest(p_limit, 0), 500)
      FOR UPDATE SKIP LOCKED)
  RETURNING c.org_id, c.id
$fn$`;

const CONNECTED_CLUSTERS = `CREATE FUNCTION "meshsync_ingest"."connected_clusters"()
  RETURNS TABLE (org_id uuid, cluster_id uuid, connection_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT DISTINCT ON (c.org_id, c.cluster_id) c.org_id, c.cluster_id, c.id
    FROM meshsync_ingest.connections AS c
   WHERE c.status = 'connected' AND c.cluster_id IS NOT NULL
   ORDER BY c.org_id, c.cluster_id, c.last_ping_at DESC NULLS LAST, c.id
$fn$`;

const SEALED_CONNECTIONS_AFTER = `CREATE FUNCTION "meshsync_ingest"."sealed_connections_after"(p_after uuid, p_limit integer)
  RETURNS TABLE (org_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT c.org_id, c.id
    FROM meshsync_ingest.connections AS c
   WHERE c.credentials IS NOT NULL AND (p_after IS NULL OR c.id > p_after)
   ORDER BY c.id
   LIMIT least(greatest(p_limit, 0), 1000)
$fn$`;

export class CreateConnectionsAndClusters1795224874445 implements MigrationInterface {
  name = 'CreateConnectionsAndClusters1795224874445';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "meshsync_ingest"."connection_status" AS ENUM('connecting', 'connected', 'disconnected', 'deleted')`,
    );
    await queryRunner.query(
      `CREATE TABLE "meshsync_ingest"."connections" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "cluster_id" uuid, "name" text NOT NULL, "context_name" text NOT NULL, "server" text NOT NULL, "status" "meshsync_ingest"."connection_status" NOT NULL, "status_message" text, "user_disconnected" boolean NOT NULL DEFAULT false, "credentials" jsonb, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_ping_at" TIMESTAMP WITH TIME ZONE, "ping_lease_until" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0a1f844af3122354cbd487a8d03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_connections_org_created" ON "meshsync_ingest"."connections"  ("org_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_connections_org_cluster" ON "meshsync_ingest"."connections"  ("org_id", "cluster_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_connections_org_name" ON "meshsync_ingest"."connections"  ("org_id", "name") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "meshsync_ingest"."cluster_status" AS ENUM('connected', 'disconnected')`,
    );
    await queryRunner.query(
      `CREATE TABLE "meshsync_ingest"."clusters" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "kube_system_uid" text NOT NULL, "name" text NOT NULL, "version" text NOT NULL, "node_count" integer NOT NULL, "status" "meshsync_ingest"."cluster_status" NOT NULL, "first_seen" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_56c8e201f375e1e961dcdd6831c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_clusters_org_first_seen" ON "meshsync_ingest"."clusters"  ("org_id", "first_seen", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_clusters_org_kube_system_uid" ON "meshsync_ingest"."clusters"  ("org_id", "kube_system_uid") `,
    );
    for (const statement of [
      ...enableTenantRls(SCHEMA, 'connections'),
      ...enableTenantRls(SCHEMA, 'clusters'),
      OWNER_SCAN_POLICY,
      CLAIM_DUE_PINGS,
      CONNECTED_CLUSTERS,
      SEALED_CONNECTIONS_AFTER,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION "meshsync_ingest"."sealed_connections_after"(uuid, integer)`,
      `DROP FUNCTION "meshsync_ingest"."connected_clusters"()`,
      `DROP FUNCTION "meshsync_ingest"."claim_due_connection_pings"(integer, integer, integer)`,
      `DROP POLICY "schema_owner_scan" ON "meshsync_ingest"."connections"`,
      ...disableTenantRls(SCHEMA, 'clusters'),
      ...disableTenantRls(SCHEMA, 'connections'),
    ]) {
      await queryRunner.query(statement);
    }
    await queryRunner.query(`DROP INDEX "meshsync_ingest"."ux_clusters_org_kube_system_uid"`);
    await queryRunner.query(`DROP INDEX "meshsync_ingest"."ix_clusters_org_first_seen"`);
    await queryRunner.query(`DROP TABLE "meshsync_ingest"."clusters"`);
    await queryRunner.query(`DROP TYPE "meshsync_ingest"."cluster_status"`);
    await queryRunner.query(`DROP INDEX "meshsync_ingest"."ux_connections_org_name"`);
    await queryRunner.query(`DROP INDEX "meshsync_ingest"."ix_connections_org_cluster"`);
    await queryRunner.query(`DROP INDEX "meshsync_ingest"."ix_connections_org_created"`);
    await queryRunner.query(`DROP TABLE "meshsync_ingest"."connections"`);
    await queryRunner.query(`DROP TYPE "meshsync_ingest"."connection_status"`);
  }
}
