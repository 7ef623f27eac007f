import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'meshsync_ingest';

/** The newest sync seen per cluster and kind, under forced row-level security. */
export class CreateKindSyncs1795227205422 implements MigrationInterface {
  name = 'CreateKindSyncs1795227205422';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "meshsync_ingest"."kind_syncs" ("org_id" uuid NOT NULL, "cluster_id" uuid NOT NULL, "api_group" text NOT NULL, "kind" text NOT NULL, "newest_sync_id" text NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "pk_kind_syncs" PRIMARY KEY ("org_id", "cluster_id", "api_group", "kind"))`,
      ...enableTenantRls(SCHEMA, 'kind_syncs'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      ...disableTenantRls(SCHEMA, 'kind_syncs'),
      `DROP TABLE "meshsync_ingest"."kind_syncs"`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
