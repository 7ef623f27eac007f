import type { ClassReference } from '@meshplane/database';
import { CreatePerformanceRuns1796700000000 } from './1796700000000-CreatePerformanceRuns.js';
import { AddRunEnvironment1797000000000 } from './1797000000000-AddRunEnvironment.js';
import { AddResultAnnouncements1797100000000 } from './1797100000000-AddResultAnnouncements.js';

/** Hand-written, schema-qualified (`perf`): the runs' tables, their RLS and the replicas' claim function. */
export const RUNS_MIGRATIONS: ClassReference[] = [
  CreatePerformanceRuns1796700000000,
  AddRunEnvironment1797000000000,
  AddResultAnnouncements1797100000000,
];
