import { defineBackendService, packageVersion } from '@meshplane/service-kit';
import { profilesFeature } from '@meshplane/perf-profiles';
import { runsFeature } from '@meshplane/perf-runs';
import { schedulesFeature } from '@meshplane/perf-schedules';
import { MIGRATIONS } from './migrations/index.js';

/** perf: load generation, performance profiles, schedules and results in the SMP format. */
export const perfService = defineBackendService({
  name: 'perf',
  version: packageVersion(import.meta.url),
  defaultPort: 4104,
  features: [profilesFeature, runsFeature, schedulesFeature],
  migrations: MIGRATIONS,
});
