import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { MIGRATIONS } from './migrations/index.js';

/** patterns: design files: validate, plan, dry-run and deploy through adapters. */
export const patternsService = defineBackendService({
  name: 'patterns',
  version: packageVersion(import.meta.url),
  defaultPort: 4105,
  features: [],
  migrations: MIGRATIONS,
});
