import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAdapterRegistry1796417377326 implements MigrationInterface {
  name = 'CreateAdapterRegistry1796417377326';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "adapters_broker"."adapters" ("id" uuid NOT NULL, "org_id" uuid, "name" text, "address" text NOT NULL, "tls" jsonb, "health" text NOT NULL, "last_error" text, "consecutive_failures" integer NOT NULL, "last_checked_at" TIMESTAMP WITH TIME ZONE, "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL, "check_lease_until" TIMESTAMP WITH TIME ZONE, "mesh" text, "catalogue" jsonb, "catalogue_digest" text, "created_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_560844f91887cdeda3945b3f364" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adapters_next_check" ON "adapters_broker"."adapters"  ("next_check_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adapters_org_created" ON "adapters_broker"."adapters"  ("org_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_adapters_operator_name" ON "adapters_broker"."adapters"  ("name") WHERE org_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_adapters_org_address" ON "adapters_broker"."adapters"  ("org_id", "address") WHERE org_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "adapters_broker"."ux_adapters_org_address"`);
    await queryRunner.query(`DROP INDEX "adapters_broker"."ux_adapters_operator_name"`);
    await queryRunner.query(`DROP INDEX "adapters_broker"."ix_adapters_org_created"`);
    await queryRunner.query(`DROP INDEX "adapters_broker"."ix_adapters_next_check"`);
    await queryRunner.query(`DROP TABLE "adapters_broker"."adapters"`);
  }
}
