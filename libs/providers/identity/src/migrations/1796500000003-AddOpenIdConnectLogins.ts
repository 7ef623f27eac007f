import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenID Connect sign-in. Identities gain the issuer: OpenID Connect identities are unique by (issuer, subject),
 * the others stay unique by (provider, subject) (two partial unique indexes; the schema builder does not compare
 * index predicates, hence written by hand). Pending logins keep the nonce and the redirect URI they began with.
 */
export class AddOpenIdConnectLogins1796500000003 implements MigrationInterface {
  name = 'AddOpenIdConnectLogins1796500000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE "providers"."identities" ADD "issuer" text`,
      `DROP INDEX "providers"."ux_identities_provider_subject"`,
      `CREATE UNIQUE INDEX "ux_identities_provider_subject" ON "providers"."identities"  ("provider", "subject") WHERE "issuer" IS NULL`,
      `CREATE UNIQUE INDEX "ux_identities_issuer_subject" ON "providers"."identities"  ("issuer", "subject") WHERE "issuer" IS NOT NULL`,
      `ALTER TABLE "providers"."login_states" ADD "nonce" text`,
      `ALTER TABLE "providers"."login_states" ADD "redirect_uri" text`,
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE "providers"."login_states" DROP COLUMN "redirect_uri"`,
      `ALTER TABLE "providers"."login_states" DROP COLUMN "nonce"`,
      `DROP INDEX "providers"."ux_identities_issuer_subject"`,
      `DELETE FROM "providers"."identities" WHERE "issuer" IS NOT NULL`,
      `DROP INDEX "providers"."ux_identities_provider_subject"`,
      `CREATE UNIQUE INDEX "ux_identities_provider_subject" ON "providers"."identities"  ("provider", "subject") `,
      `ALTER TABLE "providers"."identities" DROP COLUMN "issuer"`,
    ])
      await queryRunner.query(statement);
  }
}
