import type { z } from 'zod';
import { envInt } from '@meshplane/config';

/** The schedules' variables, validated by the service at start (see schedules.feature.ts). */
export const SCHEDULES_CONFIG_SHAPE = {
  /** Between two scheduler passes on a replica (every replica runs them; each tick fires once whatever). */
  PERF_SCHEDULE_POLL_MS: envInt(5_000, 50, 60_000),
  /** A tick passed longer ago than this (the service was down) is recorded missed, not fired late. */
  PERF_SCHEDULE_GRACE_MS: envInt(5 * 60_000, 1_000, 24 * 3_600_000),
};

export type SchedulesValues = z.output<z.ZodObject<typeof SCHEDULES_CONFIG_SHAPE>>;

export interface SchedulesConfig {
  readonly pollMs: number;
  readonly graceMs: number;
}

export function schedulesConfigOf(values: SchedulesValues): SchedulesConfig {
  return { pollMs: values.PERF_SCHEDULE_POLL_MS, graceMs: values.PERF_SCHEDULE_GRACE_MS };
}

export const SCHEDULES_CONFIG = Symbol('SCHEDULES_CONFIG');
