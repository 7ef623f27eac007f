import { z } from 'zod';

export const clusterSyncPhases = ['connecting', 'syncing', 'synced', 'error'] as const;

/** At most this many pending kinds are named in one event; `kindsTotal - kindsCommitted` tells the rest. */
export const MAX_PENDING_KINDS_LISTED = 100;

/**
 * Where discovery stands with one cluster, published by the cluster's holder when it changes. `synced`
 * means the inventory holds the complete picture: every kind the cluster serves (CRD kinds included) was
 * listed and the inventory committed that list. Before that, `syncing` with what is still pending.
 */
export const clusterSyncStatusSchema = z.object({
  orgId: z.uuid(),
  clusterId: z.uuid(),
  phase: z.enum(clusterSyncPhases),
  kindsTotal: z.number().int().min(0),
  /** Kinds whose full list completed and whose watch is live. */
  kindsSynced: z.number().int().min(0),
  /** Kinds whose last full list the inventory has stored. */
  kindsCommitted: z.number().int().min(0),
  /** The set of kinds is not final (not discovered yet, or a CRD changed and its kinds are not watched yet). */
  kindSetPending: z.boolean(),
  /** `group/Kind` (`core/Kind` for the core group) of kinds not yet listed and committed (the first 100). */
  pendingKinds: z.array(z.string().max(320)).max(MAX_PENDING_KINDS_LISTED),
  objectsListed: z.number().int().min(0),
  objectsCommitted: z.number().int().min(0),
  error: z.string().max(500).optional(),
  at: z.iso.datetime({ offset: true }),
});
export type ClusterSyncStatusPayload = z.infer<typeof clusterSyncStatusSchema>;
