/** Injection token: the Postgres schema of the running service. */
export const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');
