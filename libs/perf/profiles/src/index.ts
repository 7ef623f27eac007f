export * from './profile.js';
export * from './profile-errors.js';
export * from './validate-profile.js';
export * from './smp-mapping.js';
export { PerformanceProfileEntity } from './entities/performance-profile.entity.js';
export { profilesFeature } from './profiles.feature.js';
export { ProfilesModule } from './profiles.module.js';
export { ProfilesService, MAX_SMP_DOCUMENT_LENGTH } from './profiles.service.js';
export { PROFILES_TABLE } from './persistence/profiles.repository.js';
