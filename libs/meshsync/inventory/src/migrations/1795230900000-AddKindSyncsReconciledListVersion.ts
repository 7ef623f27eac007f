import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resourceVersion of the reconciled sync's list: a watch event at or below it for an object that list
 * did not contain arrived late (redelivered after a crash) and describes an object already gone.
 */
export class AddKindSyncsReconciledListVersion1795230900000 implements MigrationInterface {
  name = 'AddKindSyncsReconciledListVersion1795230900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meshsync_ingest"."kind_syncs" ADD "reconciled_list_rv" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meshsync_ingest"."kind_syncs" DROP COLUMN "reconciled_list_rv"`);
  }
}
