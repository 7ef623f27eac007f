// What the integration globalSetup hands to every test file through vitest's provide/inject.
declare module 'vitest' {
  interface ProvidedContext {
    /** Superuser URL of the Postgres server shared by the whole run. */
    'meshplane.databaseUrl': string;
  }
}

export const DATABASE_URL_KEY = 'meshplane.databaseUrl';
