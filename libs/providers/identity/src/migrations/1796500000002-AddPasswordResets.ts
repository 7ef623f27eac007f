import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operator-issued one-time password resets (SHA-256 of the token only); global like local_credentials. */
export class AddPasswordResets1796500000002 implements MigrationInterface {
  name = 'AddPasswordResets1796500000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "providers"."password_resets" ("token_hash" text NOT NULL, "user_id" uuid NOT NULL, "issued_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_323290a9239ad3d397ad78018ec" PRIMARY KEY ("token_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_password_resets_user_id" ON "providers"."password_resets"  ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "providers"."password_resets" ADD CONSTRAINT "fk_password_resets_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "providers"."password_resets"`);
  }
}
