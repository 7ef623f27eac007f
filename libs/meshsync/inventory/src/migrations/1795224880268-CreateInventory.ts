import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'meshsync_ingest';
const OWNER_READ_POLICY = 'inventory_owner_read';

/**
 * Resources and their history under forced row-level security, plus the one cross-tenant question the
 * history purge needs: which organizations hold history older than a cutoff (ids only). Forced RLS binds
 * the owner too, so the function's table gets a SELECT-only policy for the owner (the migrating role).
 */
export class CreateInventory1795224880268 implements MigrationInterface {
  name = 'CreateInventory1795224880268';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "meshsync_ingest"."resources" ("org_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "uid" text NOT NULL, "id" uuid NOT NULL, "api_group" text NOT NULL, "api_version" text NOT NULL, "kind" text NOT NULL, "namespace" text NOT NULL DEFAULT '', "name" text NOT NULL, "resource_version" text NOT NULL, "rv_num" bigint, "labels" jsonb NOT NULL DEFAULT '{}', "object" jsonb, "last_sync_id" text, "deleted_at" TIMESTAMP(3) WITH TIME ZONE, "first_seen" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_resources" PRIMARY KEY ("org_id", "cluster_id", "uid"))`,
      `CREATE INDEX "ix_resources_cluster_kind" ON "meshsync_ingest"."resources"  ("org_id", "cluster_id", "kind", "namespace", "name") `,
      `CREATE UNIQUE INDEX "ux_resources_id" ON "meshsync_ingest"."resources"  ("id") `,
      `CREATE TABLE "meshsync_ingest"."resource_history" ("org_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "uid" text NOT NULL, "resource_version" text NOT NULL, "change_type" text NOT NULL, "rv_num" bigint, "object" jsonb, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "pk_resource_history" PRIMARY KEY ("org_id", "cluster_id", "uid", "resource_version", "change_type"))`,
      `CREATE INDEX "ix_resource_history_org_at" ON "meshsync_ingest"."resource_history"  ("org_id", "at") `,
      ...enableTenantRls(SCHEMA, 'resources'),
      ...enableTenantRls(SCHEMA, 'resource_history'),
      `CREATE POLICY "${OWNER_READ_POLICY}" ON "meshsync_ingest"."resource_history" AS PERMISSIVE FOR SELECT TO CURRENT_USER USING (true)`,
      `CREATE FUNCTION "meshsync_ingest"."inventory_history_orgs_before"(p_cutoff timestamptz)
         RETURNS SETOF uuid
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
         AS $body$
           SELECT DISTINCT h.org_id FROM meshsync_ingest.resource_history h WHERE h.at < p_cutoff
         $body$`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `DROP FUNCTION "meshsync_ingest"."inventory_history_orgs_before"(timestamptz)`,
      `DROP POLICY "${OWNER_READ_POLICY}" ON "meshsync_ingest"."resource_history"`,
      ...disableTenantRls(SCHEMA, 'resource_history'),
      ...disableTenantRls(SCHEMA, 'resources'),
      `DROP TABLE "meshsync_ingest"."resource_history"`,
      `DROP TABLE "meshsync_ingest"."resources"`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
