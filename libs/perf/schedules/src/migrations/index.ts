import type { ClassReference } from '@meshplane/database';
import { CreatePerformanceSchedules1796800000000 } from './1796800000000-CreatePerformanceSchedules.js';

/** The schedules' migrations, in order; never edited once landed. */
export const SCHEDULES_MIGRATIONS: ClassReference[] = [CreatePerformanceSchedules1796800000000];
