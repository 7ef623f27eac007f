import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The newest sync of each kind whose completed marker was reconciled: older pages after it store tombstones. */
export class AddKindSyncsReconciled1795229051735 implements MigrationInterface {
  name = 'AddKindSyncsReconciled1795229051735';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meshsync_ingest"."kind_syncs" ADD "reconciled_sync_id" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meshsync_ingest"."kind_syncs" DROP COLUMN "reconciled_sync_id"`);
  }
}
