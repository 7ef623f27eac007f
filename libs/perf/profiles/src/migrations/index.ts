import type { ClassReference } from '@meshplane/database';
import { CreatePerformanceProfiles1796600000000 } from './1796600000000-CreatePerformanceProfiles.js';

/** Hand-written, schema-qualified (`perf`); applied in this order after the service's own migrations. */
export const PROFILES_MIGRATIONS: ClassReference[] = [CreatePerformanceProfiles1796600000000];
