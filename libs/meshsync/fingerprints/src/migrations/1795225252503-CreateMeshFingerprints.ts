import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'meshsync_ingest';

/**
 * Which clusters' inventories changed after a time, across tenants, for the mesh detector's periodic pass:
 * ids and the newest change time only. It reads the inventory's history, whose owner-read policy lets this
 * function (owned by the schema owner) through forced row-level security. search_path is pinned so no object
 * of a caller's choosing can be substituted. Runs after the inventory's migration (later timestamp).
 */
const CHANGED_CLUSTERS = `CREATE FUNCTION "meshsync_ingest"."mesh_detection_changed_clusters"(p_since timestamptz, p_limit integer)
  RETURNS TABLE (org_id uuid, cluster_id uuid, changed_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  SELECT h.org_id, h.cluster_id, max(h.at)
    FROM meshsync_ingest.resource_history AS h
   WHERE h.at > p_since
   GROUP BY h.org_id, h.cluster_id
   ORDER BY max(h.at)
   LIMIT least(greatest(p_limit, 0), 10000)
$fn$`;

export class CreateMeshFingerprints1795225252503 implements MigrationInterface {
  name = 'CreateMeshFingerprints1795225252503';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "meshsync_ingest"."mesh_fingerprints" ("org_id" uuid NOT NULL, "mesh_id" text NOT NULL, "rule_version" integer NOT NULL, "rule" jsonb NOT NULL, "registered_by" uuid, "registered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_mesh_fingerprints" PRIMARY KEY ("org_id", "mesh_id"))`,
      `CREATE TABLE "meshsync_ingest"."cluster_meshes" ("org_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "mesh_id" text NOT NULL, "name" text NOT NULL, "version" text, "versions" jsonb NOT NULL DEFAULT '[]', "control_plane" jsonb NOT NULL DEFAULT '[]', "proxy_count" integer NOT NULL DEFAULT 0, "injected_namespaces" jsonb NOT NULL DEFAULT '[]', "crd_groups" jsonb NOT NULL DEFAULT '[]', "rule_version" integer NOT NULL, "detected_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_cluster_meshes" PRIMARY KEY ("org_id", "cluster_id", "mesh_id"))`,
      `CREATE TABLE "meshsync_ingest"."mesh_detection_state" ("org_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "inventory_changed_at" TIMESTAMP(3) WITH TIME ZONE, "detected_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "pk_mesh_detection_state" PRIMARY KEY ("org_id", "cluster_id"))`,
      ...enableTenantRls(SCHEMA, 'mesh_fingerprints'),
      ...enableTenantRls(SCHEMA, 'cluster_meshes'),
      ...enableTenantRls(SCHEMA, 'mesh_detection_state'),
      CHANGED_CLUSTERS,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `DROP FUNCTION "meshsync_ingest"."mesh_detection_changed_clusters"(timestamptz, integer)`,
      ...disableTenantRls(SCHEMA, 'mesh_detection_state'),
      ...disableTenantRls(SCHEMA, 'cluster_meshes'),
      ...disableTenantRls(SCHEMA, 'mesh_fingerprints'),
      `DROP TABLE "meshsync_ingest"."mesh_detection_state"`,
      `DROP TABLE "meshsync_ingest"."cluster_meshes"`,
      `DROP TABLE "meshsync_ingest"."mesh_fingerprints"`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
