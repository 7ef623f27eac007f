import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'providers';
const TENANT_TABLES = [
  'organizations',
  'workspaces',
  'environments',
  'memberships',
  'invitations',
  'user_preferences',
  'organization_settings',
];
/** Tables the cross-tenant lookups below read; only their owner (the migrating role) gets to see every row. */
const DIRECTORY_TABLES = ['organizations', 'memberships', 'invitations'];
const DIRECTORY_POLICY = 'directory_owner_read';

/**
 * Tenancy tables with forced row-level security, plus the two narrow cross-tenant lookups the application role
 * needs (which organizations a user belongs to; which organization an invitation token belongs to). They are
 * SECURITY DEFINER functions owned by the schema owner, with search_path pinned, answering for one key only.
 * Forced RLS binds the owner too, so each table they read carries a SELECT-only policy for the owner role
 * (TO CURRENT_USER: the role running this migration); the application role is not a member of it, so that
 * policy never widens what the service itself sees. EXECUTE stays granted to PUBLIC: calling a function also
 * needs USAGE on this schema, which only this service's roles have.
 */
export class CreateTenancy1795224841016 implements MigrationInterface {
  name = 'CreateTenancy1795224841016';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "providers"."users" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_users_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "ux_users_email" ON "providers"."users"  ("email") `,
      `CREATE TABLE "providers"."organizations" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" text NOT NULL, "slug" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_organizations_org_id" CHECK ("org_id" = "id"), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "ux_organizations_slug" ON "providers"."organizations"  ("slug") `,
      `CREATE TABLE "providers"."workspaces" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" text NOT NULL, "description" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "ux_workspaces_org_name" ON "providers"."workspaces"  ("org_id", "name") `,
      `CREATE TABLE "providers"."environments" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "name" text NOT NULL, "description" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ec32d12469ec3c2f2f20c4f5e71" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_environments_org" ON "providers"."environments"  ("org_id") `,
      `CREATE UNIQUE INDEX "ux_environments_workspace_name" ON "providers"."environments"  ("workspace_id", "name") `,
      `ALTER TABLE "providers"."environments" ADD CONSTRAINT "fk_environments_workspace" FOREIGN KEY ("workspace_id") REFERENCES "providers"."workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `CREATE TABLE "providers"."memberships" ("org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_memberships_role" CHECK ("role" IN ('owner', 'admin', 'member', 'viewer')), CONSTRAINT "PK_8a43e03ebb7e6f6486a1eab9392" PRIMARY KEY ("org_id", "user_id"))`,
      `CREATE INDEX "ix_memberships_user" ON "providers"."memberships"  ("user_id") `,
      `ALTER TABLE "providers"."memberships" ADD CONSTRAINT "fk_memberships_user" FOREIGN KEY ("user_id") REFERENCES "providers"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `CREATE TABLE "providers"."invitations" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "email" text NOT NULL, "role" text NOT NULL, "token_hash" text NOT NULL, "invited_by" uuid NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP(3) WITH TIME ZONE, "accepted_by" uuid, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_invitations_role" CHECK ("role" IN ('owner', 'admin', 'member', 'viewer')), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_invitations_org_email" ON "providers"."invitations"  ("org_id", "email") `,
      `CREATE UNIQUE INDEX "ux_invitations_token_hash" ON "providers"."invitations"  ("token_hash") `,
      `CREATE TABLE "providers"."user_preferences" ("org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "key" text NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d83453449b69007e31f7cd19466" PRIMARY KEY ("org_id", "user_id", "key"))`,
      `CREATE TABLE "providers"."organization_settings" ("org_id" uuid NOT NULL, "defaults" jsonb NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a843ef8e04110c31fdcc477219" PRIMARY KEY ("org_id"))`,
      ...TENANT_TABLES.flatMap((table) => enableTenantRls(SCHEMA, table)),
      ...DIRECTORY_TABLES.map(
        (table) =>
          `CREATE POLICY "${DIRECTORY_POLICY}" ON "providers"."${table}" AS PERMISSIVE FOR SELECT TO CURRENT_USER USING (true)`,
      ),
      `CREATE FUNCTION "providers"."memberships_of_user"(p_user_id uuid)
         RETURNS TABLE (org_id uuid, role text, joined_at timestamptz)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
         AS $body$
           SELECT m.org_id, m.role, m.created_at
             FROM providers.memberships m
             JOIN providers.organizations o ON o.id = m.org_id AND o.deleted_at IS NULL
            WHERE m.user_id = p_user_id
            ORDER BY m.created_at, m.org_id
         $body$`,
      `CREATE FUNCTION "providers"."invitation_org_by_token"(p_token_hash text)
         RETURNS uuid
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
         AS $body$
           SELECT i.org_id FROM providers.invitations i WHERE i.token_hash = p_token_hash
         $body$`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `DROP FUNCTION "providers"."invitation_org_by_token"(text)`,
      `DROP FUNCTION "providers"."memberships_of_user"(uuid)`,
      ...DIRECTORY_TABLES.map((table) => `DROP POLICY "${DIRECTORY_POLICY}" ON "providers"."${table}"`),
      ...TENANT_TABLES.flatMap((table) => disableTenantRls(SCHEMA, table)),
      `DROP TABLE "providers"."organization_settings"`,
      `DROP TABLE "providers"."user_preferences"`,
      `DROP TABLE "providers"."invitations"`,
      `DROP TABLE "providers"."memberships"`,
      `DROP TABLE "providers"."environments"`,
      `DROP TABLE "providers"."workspaces"`,
      `DROP TABLE "providers"."organizations"`,
      `DROP TABLE "providers"."users"`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
