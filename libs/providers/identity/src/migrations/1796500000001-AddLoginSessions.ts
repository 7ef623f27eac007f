import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What `mySessions` shows of each login session (refresh family). Families begun before this migration are
 * listed too, as provider `unknown`: a user must see every session that can still act for them.
 */
export class AddLoginSessions1796500000001 implements MigrationInterface {
  name = 'AddLoginSessions1796500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "providers"."login_sessions" ("family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "provider" text NOT NULL, "client" text, "client_address" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_987dba70e623713b7f7df30cbdd" PRIMARY KEY ("family_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_login_sessions_user_id" ON "providers"."login_sessions"  ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "providers"."login_sessions" ADD CONSTRAINT "fk_login_sessions_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "providers"."login_sessions" ("family_id", "user_id", "provider", "created_at", "last_used_at")
       SELECT "family_id", min("user_id"::text)::uuid, 'unknown', min("created_at"), max("created_at")
         FROM "providers"."refresh_tokens" GROUP BY "family_id"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "providers"."login_sessions"`);
  }
}
