import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'providers';
/** Tables the operator's cross-organization listing reads that the directory policy did not cover yet. */
const PLATFORM_TABLES = ['workspaces', 'environments', 'organization_suspensions'];
const PLATFORM_POLICY = 'platform_owner_read';

const MEMBERSHIPS_OF_USER_V1 = `CREATE FUNCTION "providers"."memberships_of_user"(p_user_id uuid)
  RETURNS TABLE (org_id uuid, role text, joined_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $body$
    SELECT m.org_id, m.role, m.created_at
      FROM providers.memberships m
      JOIN providers.organizations o ON o.id = m.org_id AND o.deleted_at IS NULL
     WHERE m.user_id = p_user_id
     ORDER BY m.created_at, m.org_id
  $body$`;

// Principal resolution learns in the same lookup whether each organization is suspended.
const MEMBERSHIPS_OF_USER_V2 = `CREATE FUNCTION "providers"."memberships_of_user"(p_user_id uuid)
  RETURNS TABLE (org_id uuid, role text, joined_at timestamptz, suspended boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $body$
    SELECT m.org_id, m.role, m.created_at,
           EXISTS (SELECT 1 FROM providers.organization_suspensions s
                    WHERE s.org_id = m.org_id AND s.resumed_at IS NULL)
      FROM providers.memberships m
      JOIN providers.organizations o ON o.id = m.org_id AND o.deleted_at IS NULL
     WHERE m.user_id = p_user_id
     ORDER BY m.created_at, m.org_id
  $body$`;

// The platform operator's view of every live organization: one keyset page (sorted by name or creation time, then
// id), with the open suspension and the counts, computed for that page only. The resolver calling it checks the
// operator role first; the function itself is as narrow as the page it returns.
const PLATFORM_ORGANIZATIONS = `CREATE FUNCTION "providers"."platform_organizations"(
    p_name_pattern text, p_suspended boolean, p_by_created boolean, p_descending boolean,
    p_after_name text, p_after_created timestamptz, p_after_id uuid, p_limit integer)
  RETURNS TABLE (id uuid, name text, slug text, created_at timestamptz, suspended_at timestamptz,
                 suspended_by uuid, suspension_reason text, member_count bigint, workspace_count bigint,
                 environment_count bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $body$
    SELECT o.id, o.name, o.slug, o.created_at, s.suspended_at, s.suspended_by, s.reason,
           (SELECT count(*) FROM providers.memberships m WHERE m.org_id = o.id),
           (SELECT count(*) FROM providers.workspaces w WHERE w.org_id = o.id),
           (SELECT count(*) FROM providers.environments e WHERE e.org_id = o.id)
      FROM providers.organizations o
      LEFT JOIN providers.organization_suspensions s ON s.org_id = o.id AND s.resumed_at IS NULL
     WHERE o.deleted_at IS NULL
       AND (p_name_pattern IS NULL OR o.name ILIKE p_name_pattern)
       AND (p_suspended IS NULL OR (s.id IS NOT NULL) = p_suspended)
       AND (p_after_id IS NULL
            OR (NOT p_by_created AND NOT p_descending AND (o.name, o.id) > (p_after_name, p_after_id))
            OR (NOT p_by_created AND p_descending AND (o.name, o.id) < (p_after_name, p_after_id))
            OR (p_by_created AND NOT p_descending AND (o.created_at, o.id) > (p_after_created, p_after_id))
            OR (p_by_created AND p_descending AND (o.created_at, o.id) < (p_after_created, p_after_id)))
     ORDER BY CASE WHEN NOT p_by_created AND NOT p_descending THEN o.name END ASC,
              CASE WHEN NOT p_by_created AND p_descending THEN o.name END DESC,
              CASE WHEN p_by_created AND NOT p_descending THEN o.created_at END ASC,
              CASE WHEN p_by_created AND p_descending THEN o.created_at END DESC,
              CASE WHEN NOT p_descending THEN o.id END ASC,
              CASE WHEN p_descending THEN o.id END DESC
     LIMIT least(greatest(p_limit, 0), 101)
  $body$`;

const PLATFORM_ORGANIZATION_COUNT = `CREATE FUNCTION "providers"."platform_organization_count"(
    p_name_pattern text, p_suspended boolean)
  RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $body$
    SELECT count(*)
      FROM providers.organizations o
     WHERE o.deleted_at IS NULL
       AND (p_name_pattern IS NULL OR o.name ILIKE p_name_pattern)
       AND (p_suspended IS NULL OR EXISTS (SELECT 1 FROM providers.organization_suspensions s
                                            WHERE s.org_id = o.id AND s.resumed_at IS NULL) = p_suspended)
  $body$`;

/**
 * Generated (the table and its index), then extended by hand before landing, as the tenancy migrations are: the
 * suspension history under forced row-level security, SELECT-only policies for the owner role (TO CURRENT_USER:
 * the role running this migration, which the application role is not a member of) on the tables the SECURITY
 * DEFINER functions below read, `memberships_of_user` answering whether each organization is suspended, and the
 * platform operator's paged listing of every organization with its counts.
 */
export class AddOrganizationSuspensions1796368456951 implements MigrationInterface {
  name = 'AddOrganizationSuspensions1796368456951';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE "providers"."organization_suspensions" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "suspended_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "suspended_by" uuid NOT NULL, "reason" text NOT NULL, "resumed_at" TIMESTAMP(3) WITH TIME ZONE, "resumed_by" uuid, CONSTRAINT "PK_95f706ca1ad49f7dd3cd81f173c" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "ux_organization_suspensions_open" ON "providers"."organization_suspensions"  ("org_id") WHERE "resumed_at" IS NULL`,
      ...enableTenantRls(SCHEMA, 'organization_suspensions'),
      ...PLATFORM_TABLES.map(
        (table) =>
          `CREATE POLICY "${PLATFORM_POLICY}" ON "providers"."${table}" AS PERMISSIVE FOR SELECT TO CURRENT_USER USING (true)`,
      ),
      `DROP FUNCTION "providers"."memberships_of_user"(uuid)`,
      MEMBERSHIPS_OF_USER_V2,
      PLATFORM_ORGANIZATIONS,
      PLATFORM_ORGANIZATION_COUNT,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `DROP FUNCTION "providers"."platform_organization_count"(text, boolean)`,
      `DROP FUNCTION "providers"."platform_organizations"(text, boolean, boolean, boolean, text, timestamptz, uuid, integer)`,
      `DROP FUNCTION "providers"."memberships_of_user"(uuid)`,
      MEMBERSHIPS_OF_USER_V1,
      ...PLATFORM_TABLES.map((table) => `DROP POLICY "${PLATFORM_POLICY}" ON "providers"."${table}"`),
      ...disableTenantRls(SCHEMA, 'organization_suspensions'),
      `DROP INDEX "providers"."ux_organization_suspensions_open"`,
      `DROP TABLE "providers"."organization_suspensions"`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }
}
