import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The cluster an operation's connection reaches, recorded when its credentials are fetched (Cluster.meshLifecycle). */
export class AddOperationCluster1796900000000 implements MigrationInterface {
  name = 'AddOperationCluster1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "adapters_broker"."adapter_operations" ADD "cluster_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "ix_adapter_operations_org_cluster" ON "adapters_broker"."adapter_operations" ("org_id", "cluster_id", "created_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "adapters_broker"."ix_adapter_operations_org_cluster"`);
    await queryRunner.query(`ALTER TABLE "adapters_broker"."adapter_operations" DROP COLUMN "cluster_id"`);
  }
}
