import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls } from '@meshplane/database';

const SCHEMA = 'adapters_broker';

// Forced RLS binds the schema owner too: the claim function below (owned by it) needs this policy to see rows of
// every organization. The application role is never a member of the owner role.
const OWNER_SCAN_POLICY = `DO $$ BEGIN
  EXECUTE format('CREATE POLICY schema_owner_scan ON adapters_broker.adapter_operations FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END $$`;

// Executing operations spans organizations: each replica claims pending operations, and running ones whose
// owner's lease expired (a dead replica), skipping rows another replica is claiming. It returns ids and
// organizations only; everything else is read and written in the organization's own transaction.
const CLAIM_OPERATIONS = `CREATE FUNCTION adapters_broker.claim_adapter_operations(p_now timestamptz, p_owner text,
    p_lease_ms integer, p_limit integer)
  RETURNS TABLE (id uuid, org_id uuid, resumed boolean)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
  WITH due AS (
    SELECT o.id, o.status FROM adapters_broker.adapter_operations AS o
     WHERE (o.status = 'PENDING' AND (o.lease_until IS NULL OR o.lease_until <= p_now))
        OR (o.status = 'RUNNING' AND o.lease_until < p_now)
     ORDER BY o.created_at
     LIMIT least(greatest(p_limit, 0), 100)
     FOR UPDATE SKIP LOCKED)
  UPDATE adapters_broker.adapter_operations AS a
     SET status = 'RUNNING', lease_owner = p_owner,
         lease_until = p_now + make_interval(secs => greatest(p_lease_ms, 1) / 1000.0),
         attempts = a.attempts + 1, started_at = coalesce(a.started_at, p_now), updated_at = p_now
    FROM due
   WHERE a.id = due.id
  RETURNING a.id, a.org_id, due.status = 'RUNNING'
$fn$`;

/** Hand-written: forced RLS on the operations' tables and the SECURITY DEFINER claim of the executors. */
export class AdapterOperationsTenancy1796426600000 implements MigrationInterface {
  name = 'AdapterOperationsTenancy1796426600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...enableTenantRls(SCHEMA, 'adapter_operations'),
      ...enableTenantRls(SCHEMA, 'adapter_operation_events'),
      OWNER_SCAN_POLICY,
      CLAIM_OPERATIONS,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION adapters_broker.claim_adapter_operations(timestamptz, text, integer, integer)`,
      `DROP POLICY schema_owner_scan ON adapters_broker.adapter_operations`,
      ...disableTenantRls(SCHEMA, 'adapter_operation_events'),
      ...disableTenantRls(SCHEMA, 'adapter_operations'),
    ]) {
      await queryRunner.query(statement);
    }
  }
}
