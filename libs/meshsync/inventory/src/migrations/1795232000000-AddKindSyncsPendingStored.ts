import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An upper bound on the pending sync's objects stored so far, kept by the writers, so that a write of a
 * sync page counts the kind's rows only once that sync can be complete (instead of after every page). A
 * sync already pending when this lands has none (unknown): its next write counts exactly and sets it.
 */
export class AddKindSyncsPendingStored1795232000000 implements MigrationInterface {
  name = 'AddKindSyncsPendingStored1795232000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meshsync_ingest"."kind_syncs" ADD "pending_stored" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meshsync_ingest"."kind_syncs" DROP COLUMN "pending_stored"`);
  }
}
