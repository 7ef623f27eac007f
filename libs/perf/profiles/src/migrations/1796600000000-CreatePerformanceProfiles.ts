import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'perf';

export class CreatePerformanceProfiles1796600000000 implements MigrationInterface {
  name = 'CreatePerformanceProfiles1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "perf"."performance_profiles" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" text NOT NULL, "endpoints" text array NOT NULL, "duration_ms" integer NOT NULL, "model" jsonb NOT NULL, "generator" text NOT NULL, "protocol" text NOT NULL, "method" text NOT NULL, "headers" jsonb NOT NULL, "body" text, "workers" integer NOT NULL, "labels" jsonb NOT NULL, "version" integer NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_performance_profiles" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_performance_profiles_org_name" ON "perf"."performance_profiles" ("org_id", "name") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_performance_profiles_org_created" ON "perf"."performance_profiles" ("org_id", "created_at", "id") `,
    );
    for (const statement of enableTenantRls(SCHEMA, 'performance_profiles'))
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of disableTenantRls(SCHEMA, 'performance_profiles'))
      await queryRunner.query(statement);
    await queryRunner.query(`DROP INDEX "perf"."ix_performance_profiles_org_created"`);
    await queryRunner.query(`DROP INDEX "perf"."ux_performance_profiles_org_name"`);
    await queryRunner.query(`DROP TABLE "perf"."performance_profiles"`);
  }
}
