import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { identityFeature, resultSyncFeature } from '@meshplane/providers-identity';
import { tenancyFeature } from '@meshplane/providers-tenancy';
import { systemEventsFeature } from './system-events/system-events.feature.js';
import { MIGRATIONS } from './migrations/index.js';

/** providers: identity, organizations, workspaces, environments, results synced to remote providers and the platform event log. */
export const providersService = defineBackendService({
  name: 'providers',
  version: packageVersion(import.meta.url),
  defaultPort: 4101,
  features: [systemEventsFeature, tenancyFeature, identityFeature, resultSyncFeature],
  /** The service's own migrations (`npm run migration:generate -- providers <Name>` writes there). */
  migrations: MIGRATIONS,
});
