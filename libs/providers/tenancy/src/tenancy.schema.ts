/** The Postgres schema of the providers service, where the tenancy tables and lookup functions live. */
export const TENANCY_SCHEMA = 'providers';
