/**
 * Schema-qualified names of the inventory's tables and lookup functions, for the repositories' raw SQL.
 * (The ingest statements in ingest/inventory-write.sql.ts still spell theirs out: that file is tuned on its own.)
 */
const SCHEMA = '"meshsync_ingest"';

export const INVENTORY_TABLES = {
  resources: `${SCHEMA}."resources"`,
  resourceHistory: `${SCHEMA}."resource_history"`,
  kindSyncs: `${SCHEMA}."kind_syncs"`,
} as const;

/** The SECURITY DEFINER lookups that answer one narrow question across tenants. */
export const INVENTORY_FUNCTIONS = {
  historyOrgsBefore: `${SCHEMA}."inventory_history_orgs_before"`,
} as const;
