import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A completed sync waiting for its objects, recorded durably: its marker is acked at once and the write that
 * stores the sync's last object reconciles it, however long a large sync takes (no redelivery limit applies).
 */
export class AddKindSyncsPendingSync1795231000000 implements MigrationInterface {
  name = 'AddKindSyncsPendingSync1795231000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meshsync_ingest"."kind_syncs" ADD "pending_sync_id" text, ADD "pending_count" integer, ` +
        `ADD "pending_list_rv" bigint, ADD "pending_at" TIMESTAMP(3) WITH TIME ZONE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meshsync_ingest"."kind_syncs" DROP COLUMN "pending_at", DROP COLUMN "pending_list_rv", ` +
        `DROP COLUMN "pending_count", DROP COLUMN "pending_sync_id"`,
    );
  }
}
