import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The cluster a run was measured against and its environment as discovery described it when the run was requested. */
export class AddRunEnvironment1797000000000 implements MigrationInterface {
  name = 'AddRunEnvironment1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "perf"."performance_runs" ADD "cluster_id" uuid`);
    await queryRunner.query(`ALTER TABLE "perf"."performance_runs" ADD "environment" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "perf"."performance_runs" DROP COLUMN "environment"`);
    await queryRunner.query(`ALTER TABLE "perf"."performance_runs" DROP COLUMN "cluster_id"`);
  }
}
