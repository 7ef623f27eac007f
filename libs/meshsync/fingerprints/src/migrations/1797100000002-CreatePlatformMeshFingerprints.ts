import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fingerprint rules of the operator's adapters, for every organization (not tenant data: no org_id, no RLS). */
export class CreatePlatformMeshFingerprints1797100000002 implements MigrationInterface {
  name = 'CreatePlatformMeshFingerprints1797100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meshsync_ingest"."platform_mesh_fingerprints" ("mesh_id" text NOT NULL, "rule_version" integer NOT NULL, "rule" jsonb NOT NULL, "registered_by" uuid, "registered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_platform_mesh_fingerprints" PRIMARY KEY ("mesh_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "meshsync_ingest"."platform_mesh_fingerprints"`);
  }
}
