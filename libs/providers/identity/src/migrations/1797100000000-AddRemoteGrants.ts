import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remote providers' refresh tokens users granted (sealed), to store their performance results there; per user. */
export class AddRemoteGrants1797100000000 implements MigrationInterface {
  name = 'AddRemoteGrants1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "providers"."remote_grants" ("user_id" uuid NOT NULL, "provider" text NOT NULL, "subject" text NOT NULL, "sealed_refresh_token" text NOT NULL, "scopes" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_remote_grants" PRIMARY KEY ("user_id", "provider"))`,
      `ALTER TABLE "providers"."remote_grants" ADD CONSTRAINT "fk_remote_grants_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "providers"."remote_grants"`);
  }
}
