import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * switchOrganization and changePassword find a session by the access token it issued and a user's live families:
 * indexes, so neither scans every refresh token ever issued.
 */
export class IndexRefreshTokensBySessionLookups1796400000001 implements MigrationInterface {
  name = 'IndexRefreshTokensBySessionLookups1796400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_access_token_id" ON "providers"."refresh_tokens" ("access_token_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_refresh_tokens_user_id" ON "providers"."refresh_tokens" ("user_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "providers"."ix_refresh_tokens_user_id"`);
    await queryRunner.query(`DROP INDEX "providers"."ix_refresh_tokens_access_token_id"`);
  }
}
