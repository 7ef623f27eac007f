import { defineFeature } from '@meshplane/service-kit';
import { PerformanceProfileEntity } from './entities/performance-profile.entity.js';
import { PROFILES_MIGRATIONS } from './migrations/index.js';
import { ProfilesModule } from './profiles.module.js';

/** Performance profiles as the perf service runs them (table `perf.performance_profiles`). */
export const profilesFeature = defineFeature({
  name: 'performance-profiles',
  module: ProfilesModule,
  entities: [PerformanceProfileEntity],
  migrations: PROFILES_MIGRATIONS,
});
