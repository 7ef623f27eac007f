import { z } from 'zod';

/** One Kubernetes resource type, as discovery found it in the cluster's API discovery documents. */
export const resourceKindSchema = z.object({
  /** '' for the core group. */
  group: z.string().max(253),
  version: z.string().min(1).max(63),
  kind: z.string().min(1).max(63),
  /** Plural resource name, e.g. `deployments`. */
  resource: z.string().min(1).max(253),
  namespaced: z.boolean(),
});
export type ResourceKind = z.infer<typeof resourceKindSchema>;

export const resourceChangeTypes = ['upsert', 'delete'] as const;

/**
 * `<13-digit epoch ms>-<random>`: ids of one cluster and kind compare in time order as text, so the
 * inventory can tell an older sync (a redelivered page, a superseded marker) from a newer one.
 */
export const syncIdSchema = z
  .string()
  .regex(/^[0-9]{13}-[0-9A-Za-z_-]{1,50}$/, 'expected <13-digit epoch ms>-<random>')
  .describe(
    'Sync id: `<13-digit epoch ms>-<random>` (e.g. `1795227205422-3f0c…`), generated when the list starts; ' +
      'text order is time order, so consumers can tell an older sync from a newer one.',
  );

const SYNC_ID_TIME = /^([0-9]{13})-/;

/**
 * The epoch milliseconds a sync id starts with (see syncIdSchema), or undefined for an id without that prefix (one
 * stored before the format existed, which orders before every time-ordered id).
 */
export function syncIdMillis(syncId: string): number | undefined {
  const ms = SYNC_ID_TIME.exec(syncId)?.[1];
  return ms === undefined ? undefined : Number(ms);
}

/**
 * The object itself is opaque to the contract (any JSON object): validating every key and value of
 * every object of a 50,000-object list costs more than storing it. The envelope around it is strict.
 */
const kubeObjectSchema = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'expected a JSON object',
);

export const resourceChangeSchema = z.object({
  type: z.enum(resourceChangeTypes),
  uid: z.string().min(1).max(128),
  namespace: z.string().max(253).optional(),
  name: z.string().min(1).max(253),
  /** Compared numerically when both sides are integers (as every real API server's are), else as text. */
  resourceVersion: z.string().min(1).max(64),
  /** The object as served (Secret data redacted); absent on delete. */
  object: kubeObjectSchema.optional(),
  /** Set when the change comes from a full list (a sync), not a watch event. */
  syncId: syncIdSchema.optional(),
});
export type ResourceChange = z.infer<typeof resourceChangeSchema>;

/** A batch of changes of one kind in one cluster of one organization (list pages, coalesced watch events). */
export const resourceChangesSchema = z.object({
  orgId: z.uuid(),
  clusterId: z.uuid(),
  kind: resourceKindSchema,
  observedAt: z.iso.datetime({ offset: true }),
  changes: z.array(resourceChangeSchema).min(1).max(1000),
});
export type ResourceChanges = z.infer<typeof resourceChangesSchema>;

/**
 * Brackets a full list of one kind. `completed` carries how many objects the sync published, so the
 * inventory tombstones what the sync did not see only once it has stored all of them.
 */
export const syncMarkerSchema = z.object({
  orgId: z.uuid(),
  clusterId: z.uuid(),
  kind: resourceKindSchema,
  syncId: syncIdSchema,
  phase: z.enum(['started', 'completed']),
  /** The list's resourceVersion (completed only). */
  resourceVersion: z.string().max(64).optional(),
  /** Objects the sync published (completed only). */
  count: z.number().int().min(0).optional(),
  at: z.iso.datetime({ offset: true }),
});
export type SyncMarker = z.infer<typeof syncMarkerSchema>;
