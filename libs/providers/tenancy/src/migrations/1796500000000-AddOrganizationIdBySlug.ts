import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators name organizations by slug in configuration (OIDC claim mappings): this answers one slug with one live
 * organization's id, for the application role that cannot read organizations across tenants (SECURITY DEFINER,
 * owned by the schema owner, who reads organizations through the directory policy; search_path pinned).
 */
export class AddOrganizationIdBySlug1796500000000 implements MigrationInterface {
  name = 'AddOrganizationIdBySlug1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "providers"."organization_id_by_slug"(p_slug text)
         RETURNS uuid
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
         AS $body$
           SELECT o.id FROM providers.organizations o WHERE o.slug = p_slug AND o.deleted_at IS NULL
         $body$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "providers"."organization_id_by_slug"(text)`);
  }
}
