import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSystemEvents1795217330841 implements MigrationInterface {
  name = 'CreateSystemEvents1795217330841';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "providers"."system_events" ("id" uuid NOT NULL, "service" text NOT NULL, "instance" text NOT NULL, "kind" text NOT NULL, "severity" text NOT NULL, "message" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "stream_seq" bigint NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f28cae54c57b2887d94a4aa745e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_system_events_service_kind" ON "providers"."system_events"  ("service", "kind") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ix_system_events_stream_seq" ON "providers"."system_events"  ("stream_seq") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "providers"."ix_system_events_stream_seq"`);
    await queryRunner.query(`DROP INDEX "providers"."ix_system_events_service_kind"`);
    await queryRunner.query(`DROP TABLE "providers"."system_events"`);
  }
}
