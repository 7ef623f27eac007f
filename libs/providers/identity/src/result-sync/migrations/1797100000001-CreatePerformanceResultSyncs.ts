import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

/** Where each performance result was stored at remote providers, per organization (forced RLS). */
export class CreatePerformanceResultSyncs1797100000001 implements MigrationInterface {
  name = 'CreatePerformanceResultSyncs1797100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "providers"."performance_result_syncs" ("result_id" uuid NOT NULL, "provider" text NOT NULL, "org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL, "message" text, "remote_version" integer, "synced_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_performance_result_syncs" PRIMARY KEY ("result_id", "provider"))`,
      `CREATE INDEX "ix_performance_result_syncs_org_result" ON "providers"."performance_result_syncs" ("org_id", "result_id") `,
      ...enableTenantRls('providers', 'performance_result_syncs'),
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...disableTenantRls('providers', 'performance_result_syncs'),
      `DROP TABLE "providers"."performance_result_syncs"`,
    ])
      await queryRunner.query(statement);
  }
}
