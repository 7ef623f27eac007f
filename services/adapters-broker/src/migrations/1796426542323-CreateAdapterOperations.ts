import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAdapterOperations1796426542323 implements MigrationInterface {
  name = 'CreateAdapterOperations1796426542323';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "adapters_broker"."adapter_operation_events" ("operation_id" uuid NOT NULL, "sequence" integer NOT NULL, "org_id" uuid NOT NULL, "severity" text NOT NULL, "summary" text NOT NULL, "details" text, "probable_cause" text array NOT NULL, "suggested_remediation" text array NOT NULL, "progress_percent" integer, "status" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6ca1ddea908a8537c196c780699" PRIMARY KEY ("operation_id", "sequence"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "adapters_broker"."adapter_operations" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "idempotency_key" text NOT NULL, "adapter_id" uuid NOT NULL, "adapter_name" text NOT NULL, "operation" text NOT NULL, "category" text NOT NULL, "idempotent" boolean NOT NULL, "connection_id" uuid, "namespace" text NOT NULL, "input" jsonb NOT NULL, "delete" boolean NOT NULL, "dry_run" boolean NOT NULL, "deadline_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "message" text, "output" jsonb, "attempts" integer NOT NULL, "cancel_requested" boolean NOT NULL, "lease_owner" text, "lease_until" TIMESTAMP WITH TIME ZONE, "requested_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7380f716ff2700ef1bf0f3cefd9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adapter_operations_claimable" ON "adapters_broker"."adapter_operations"  ("status", "lease_until") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adapter_operations_org_created" ON "adapters_broker"."adapter_operations"  ("org_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_adapter_operations_org_key" ON "adapters_broker"."adapter_operations"  ("org_id", "idempotency_key") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "adapters_broker"."ux_adapter_operations_org_key"`);
    await queryRunner.query(`DROP INDEX "adapters_broker"."ix_adapter_operations_org_created"`);
    await queryRunner.query(`DROP INDEX "adapters_broker"."ix_adapter_operations_claimable"`);
    await queryRunner.query(`DROP TABLE "adapters_broker"."adapter_operations"`);
    await queryRunner.query(`DROP TABLE "adapters_broker"."adapter_operation_events"`);
  }
}
