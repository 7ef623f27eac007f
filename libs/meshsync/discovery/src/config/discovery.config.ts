import { z } from 'zod';
import { envBoolean, envInt } from '@meshplane/config';
import { parseKindPatterns } from '../kinds/kind-pattern.js';

const patternList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    try {
      return parseKindPatterns(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Discovery's variables, validated by the service at start (see discovery.feature.ts). */
export const DISCOVERY_CONFIG_SHAPE = {
  /** Comma list of `group/Kind` or `Kind` patterns (`*` wildcards) watched on top of the default catalogue. */
  DISCOVERY_INCLUDE: patternList,
  /** Comma list of patterns never watched; wins over DISCOVERY_INCLUDE. */
  DISCOVERY_EXCLUDE: patternList,
  DISCOVERY_REDACT_SECRETS: envBoolean(true),
  DISCOVERY_RESYNC_INTERVAL_MS: envInt(600_000, 1_000, 86_400_000),
  DISCOVERY_PAGE_SIZE: envInt(500, 1, 1_000),
  DISCOVERY_BATCH_FLUSH_MS: envInt(50, 1, 10_000),
  DISCOVERY_BATCH_MAX_CHANGES: envInt(500, 1, 1_000),
  DISCOVERY_LEASE_TTL_MS: envInt(15_000, 1_000, 600_000),
  DISCOVERY_LEASE_RENEW_MS: envInt(5_000, 200, 300_000),
  DISCOVERY_REQUEST_TIMEOUT_MS: envInt(15_000, 100, 600_000),
  /** A watch that sees nothing (not even a bookmark) this long is presumed dead and reopened. */
  DISCOVERY_WATCH_IDLE_TIMEOUT_MS: envInt(90_000, 500, 3_600_000),
  DISCOVERY_BACKOFF_MAX_MS: envInt(60_000, 100, 3_600_000),
};

export type DiscoveryEnv = z.output<z.ZodObject<typeof DISCOVERY_CONFIG_SHAPE>>;

/** A lease must survive a missed renewal: the renewal period is at most half its lifetime. */
export function refineDiscoveryConfig(values: DiscoveryEnv, ctx: z.RefinementCtx): void {
  if (values.DISCOVERY_LEASE_RENEW_MS * 2 > values.DISCOVERY_LEASE_TTL_MS) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be at most half of DISCOVERY_LEASE_TTL_MS',
      path: ['DISCOVERY_LEASE_RENEW_MS'],
    });
  }
}

export interface DiscoveryConfig {
  include: DiscoveryEnv['DISCOVERY_INCLUDE'];
  exclude: DiscoveryEnv['DISCOVERY_EXCLUDE'];
  redactSecrets: boolean;
  resyncIntervalMs: number;
  pageSize: number;
  batchFlushMs: number;
  batchMaxChanges: number;
  leaseTtlMs: number;
  leaseRenewMs: number;
  requestTimeoutMs: number;
  watchIdleTimeoutMs: number;
  backoffMaxMs: number;
}

/** The feature's config from its validated variables. */
export function discoveryConfigOf(e: DiscoveryEnv): DiscoveryConfig {
  return {
    include: e.DISCOVERY_INCLUDE,
    exclude: e.DISCOVERY_EXCLUDE,
    redactSecrets: e.DISCOVERY_REDACT_SECRETS,
    resyncIntervalMs: e.DISCOVERY_RESYNC_INTERVAL_MS,
    pageSize: e.DISCOVERY_PAGE_SIZE,
    batchFlushMs: e.DISCOVERY_BATCH_FLUSH_MS,
    batchMaxChanges: e.DISCOVERY_BATCH_MAX_CHANGES,
    leaseTtlMs: e.DISCOVERY_LEASE_TTL_MS,
    leaseRenewMs: e.DISCOVERY_LEASE_RENEW_MS,
    requestTimeoutMs: e.DISCOVERY_REQUEST_TIMEOUT_MS,
    watchIdleTimeoutMs: e.DISCOVERY_WATCH_IDLE_TIMEOUT_MS,
    backoffMaxMs: e.DISCOVERY_BACKOFF_MAX_MS,
  };
}

export const DISCOVERY_CONFIG = Symbol('meshplane:discovery:config');
