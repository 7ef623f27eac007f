import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'providers';
const LOOKUP_POLICY = 'api_token_lookup_owner_read';

/**
 * Identity tables. Only api_tokens is tenant-owned (forced row-level security); identities, credentials, signing
 * keys, refresh tokens, revocations and pending logins belong to users or to the platform, like users itself.
 * A presented API token names no organization, so `api_token_org` (SECURITY DEFINER, owned by the schema owner,
 * search_path pinned) answers one question for one token id: which organization it belongs to. Forced RLS binds
 * the owner too, hence a SELECT-only policy for the owner role (TO CURRENT_USER: the role running this migration),
 * which the application role is not a member of. EXECUTE stays granted to PUBLIC: calling the function also needs
 * USAGE on this schema, which only this service's roles have.
 */
export class CreateIdentity1795225033178 implements MigrationInterface {
  name = 'CreateIdentity1795225033178';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "providers"."api_tokens" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" text NOT NULL, "token_id" text NOT NULL, "token_hash" text NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_api_tokens_role" CHECK ("role" IN ('owner', 'admin', 'member', 'viewer')), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_api_tokens_org_user" ON "providers"."api_tokens"  ("org_id", "user_id")`,
      `CREATE UNIQUE INDEX "ux_api_tokens_token_id" ON "providers"."api_tokens"  ("token_id")`,
      `CREATE TABLE "providers"."identities" ("id" uuid NOT NULL, "provider" text NOT NULL, "subject" text NOT NULL, "user_id" uuid NOT NULL, "email" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7b2f8cccf4ac6a2d7e6e9e8b1f6" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_identities_user" ON "providers"."identities"  ("user_id")`,
      `CREATE UNIQUE INDEX "ux_identities_provider_subject" ON "providers"."identities"  ("provider", "subject")`,
      `CREATE TABLE "providers"."signing_keys" ("kid" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE, "public_jwk" jsonb NOT NULL, "sealed_private_key" text NOT NULL, CONSTRAINT "PK_13362ac3e792c69417e1a53d355" PRIMARY KEY ("kid"))`,
      `CREATE TABLE "providers"."local_credentials" ("user_id" uuid NOT NULL, "email" text NOT NULL, "password_hash" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7a6f4b10ccd0fc0135ffbca7dfb" PRIMARY KEY ("user_id"))`,
      `CREATE UNIQUE INDEX "ux_local_credentials_email" ON "providers"."local_credentials"  ("email")`,
      `CREATE TABLE "providers"."login_states" ("state_hash" text NOT NULL, "provider" text NOT NULL, "sealed_code_verifier" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fe57d098737b460e66dd4bec297" PRIMARY KEY ("state_hash"))`,
      `CREATE INDEX "ix_login_states_expires_at" ON "providers"."login_states"  ("expires_at")`,
      `CREATE TABLE "providers"."refresh_tokens" ("id" uuid NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "session_org_id" uuid, "token_hash" text NOT NULL, "access_token_id" text NOT NULL, "access_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_refresh_tokens_family_id" ON "providers"."refresh_tokens"  ("family_id")`,
      `CREATE UNIQUE INDEX "ix_refresh_tokens_token_hash" ON "providers"."refresh_tokens"  ("token_hash")`,
      `CREATE TABLE "providers"."revoked_tokens" ("token_id" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6101486a8dd1eacfd4cd5cfcbef" PRIMARY KEY ("token_id"))`,
      `CREATE INDEX "ix_revoked_tokens_expires_at" ON "providers"."revoked_tokens"  ("expires_at")`,
      `ALTER TABLE "providers"."api_tokens" ADD CONSTRAINT "fk_api_tokens_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "providers"."identities" ADD CONSTRAINT "fk_identities_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "providers"."local_credentials" ADD CONSTRAINT "fk_local_credentials_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "providers"."refresh_tokens" ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      ...enableTenantRls(SCHEMA, 'api_tokens'),
      `CREATE POLICY "${LOOKUP_POLICY}" ON "${SCHEMA}"."api_tokens" FOR SELECT TO CURRENT_USER USING (true)`,
      `CREATE FUNCTION "${SCHEMA}"."api_token_org"(p_token_id text) RETURNS uuid
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
         AS $$ SELECT org_id FROM "${SCHEMA}"."api_tokens" WHERE token_id = p_token_id $$`,
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION "${SCHEMA}"."api_token_org"(text)`,
      `DROP POLICY "${LOOKUP_POLICY}" ON "${SCHEMA}"."api_tokens"`,
      ...disableTenantRls(SCHEMA, 'api_tokens'),
      `DROP TABLE "${SCHEMA}"."login_states"`,
      `DROP TABLE "${SCHEMA}"."revoked_tokens"`,
      `DROP TABLE "${SCHEMA}"."refresh_tokens"`,
      `DROP TABLE "${SCHEMA}"."local_credentials"`,
      `DROP TABLE "${SCHEMA}"."signing_keys"`,
      `DROP TABLE "${SCHEMA}"."identities"`,
      `DROP TABLE "${SCHEMA}"."api_tokens"`,
    ])
      await queryRunner.query(statement);
  }
}
