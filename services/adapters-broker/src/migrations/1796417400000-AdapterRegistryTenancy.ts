import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'adapters_broker';

// Operator adapters (org_id NULL) are read by every organization, inside its tenant transaction only: a missing
// tenant still means no rows. SELECT only: writes stay bound to the tenant by enableTenantRls' policy, so no
// organization can change or delete them.
const OPERATOR_READ_POLICY = `CREATE POLICY operator_adapters_read ON adapters_broker.adapters FOR SELECT
  USING (org_id IS NULL AND nullif(current_setting('app.org_id', true), '') IS NOT NULL)`;

// Forced RLS binds the schema owner too, so the SECURITY DEFINER functions below (owned by it) would see no rows.
// This policy lets exactly that role through; the application role is never a member of it.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON adapters_broker.adapters FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$`;

// The health checks span tenants (and the operator's rows): each replica claims due adapters with a lease,
// skipping rows another replica holds. Time comes from the caller's Clock (p_now), like everything it writes.
const CLAIM_DUE_CHECKS = `CREATE FUNCTION adapters_broker.claim_due_adapter_checks(p_now timestamptz, p_lease_ms integer, p_limit integer)
  RETURNS TABLE (id uuid, org_id uuid, address text, tls jsonb, health text, consecutive_failures integer,
                 last_error text, catalogue_digest text)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  UPDATE adapters_broker.adapters AS a
     SET check_lease_until = p_now + make_interval(secs => greatest(p_lease_ms, 1) / 1000.0)
   WHERE a.id IN (
     SELECT d.id FROM adapters_broker.adapters AS d
      WHERE d.next_check_at <= p_now AND (d.check_lease_until IS NULL OR d.check_lease_until < p_now)
      ORDER BY d.next_check_at
      LIMIT least(greatest(p_limit, 0), 500)
      FOR UPDATE SKIP LOCKED)
  RETURNING a.id, a.org_id, a.address, a.tls, a.health, a.consecutive_failures, a.last_error, a.catalogue_digest
$fn$`;

const RECORD_CHECK = `CREATE FUNCTION adapters_broker.record_adapter_check(p_id uuid, p_now timestamptz, p_health text,
    p_last_error text, p_failures integer, p_next_check_at timestamptz, p_catalogue jsonb, p_digest text,
    p_mesh text, p_name text)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  WITH updated AS (
    UPDATE adapters_broker.adapters AS a
       SET health = p_health, last_error = p_last_error, consecutive_failures = p_failures,
           last_checked_at = p_now, next_check_at = p_next_check_at, check_lease_until = NULL,
           catalogue = coalesce(p_catalogue, a.catalogue), catalogue_digest = coalesce(p_digest, a.catalogue_digest),
           mesh = coalesce(p_mesh, a.mesh),
           name = CASE WHEN a.org_id IS NULL THEN a.name ELSE coalesce(p_name, a.name) END
     WHERE a.id = p_id
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM updated)
$fn$`;

// The operator's rows follow ADAPTERS at every start: new names added, changed addresses checked anew, names no
// longer configured removed. p_adapters: [{ "name": …, "address": … }].
const SYNC_OPERATOR_ADAPTERS = `CREATE FUNCTION adapters_broker.sync_operator_adapters(p_now timestamptz, p_adapters jsonb)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  DELETE FROM adapters_broker.adapters AS a
   WHERE a.org_id IS NULL
     AND a.name NOT IN (SELECT e->>'name' FROM jsonb_array_elements(p_adapters) AS e);
  UPDATE adapters_broker.adapters AS a
     SET address = e->>'address', health = 'UNKNOWN', last_error = NULL, consecutive_failures = 0,
         next_check_at = p_now, catalogue = NULL, catalogue_digest = NULL, mesh = NULL
    FROM jsonb_array_elements(p_adapters) AS e
   WHERE a.org_id IS NULL AND a.name = e->>'name' AND a.address <> e->>'address';
  INSERT INTO adapters_broker.adapters (id, org_id, name, address, tls, health, consecutive_failures,
                                        next_check_at, created_at)
  SELECT gen_random_uuid(), NULL, e->>'name', e->>'address', NULL, 'UNKNOWN', 0, p_now, p_now
    FROM jsonb_array_elements(p_adapters) AS e
  ON CONFLICT (name) WHERE org_id IS NULL DO NOTHING;
END
$fn$`;

/**
 * Hand-written: the registry's tenancy (forced RLS, the operator rows every organization reads) and the
 * SECURITY DEFINER functions of the health checks, which return or touch rows by id only.
 */
export class AdapterRegistryTenancy1796417400000 implements MigrationInterface {
  name = 'AdapterRegistryTenancy1796417400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...enableTenantRls(SCHEMA, 'adapters'),
      OPERATOR_READ_POLICY,
      OWNER_SCAN_POLICY,
      CLAIM_DUE_CHECKS,
      RECORD_CHECK,
      SYNC_OPERATOR_ADAPTERS,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION adapters_broker.sync_operator_adapters(timestamptz, jsonb)`,
      `DROP FUNCTION adapters_broker.record_adapter_check(uuid, timestamptz, text, text, integer, timestamptz, jsonb, text, text, text)`,
      `DROP FUNCTION adapters_broker.claim_due_adapter_checks(timestamptz, integer, integer)`,
      `DROP POLICY schema_owner_scan ON adapters_broker.adapters`,
      `DROP POLICY operator_adapters_read ON adapters_broker.adapters`,
      ...disableTenantRls(SCHEMA, 'adapters'),
    ]) {
      await queryRunner.query(statement);
    }
  }
}
