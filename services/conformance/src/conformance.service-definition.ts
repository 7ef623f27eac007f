import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { MIGRATIONS } from './migrations/index.js';

/** conformance: conformance suites with signed results. */
export const conformanceService = defineBackendService({
  name: 'conformance',
  version: packageVersion(import.meta.url),
  defaultPort: 4106,
  features: [],
  migrations: MIGRATIONS,
});
