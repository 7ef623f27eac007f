import { deleteObject } from './apply-manifests.js';
import { type InventoryStore } from './inventory.js';
import { ManifestClient, type ClusterAccess } from './manifest-client.js';
import { type ObjectRef } from './manifest-object.js';
import { orderForDelete } from './manifest-order.js';

export interface DeleteManifestsOptions {
  inventory: InventoryStore;
  key: string;
  signal?: AbortSignal;
}

export interface DeleteResult {
  object: ObjectRef;
  /** `gone`: it was already absent (404, or its CRD is gone). */
  action: 'deleted' | 'gone' | 'failed';
  message?: string;
}

export interface DeleteManifestsResult {
  ok: boolean;
  results: DeleteResult[];
}

/**
 * Deletes exactly the objects the inventory records under `key` — never anything found by label — custom
 * resources first, CRDs last; then forgets the key. On a failure the record keeps what is still there, so the
 * delete can be run again.
 */
export async function deleteManifests(
  cluster: ClusterAccess,
  options: DeleteManifestsOptions,
): Promise<DeleteManifestsResult> {
  const record = await options.inventory.get(options.key);
  if (!record) return { ok: true, results: [] };
  const client = ManifestClient.forCluster(cluster);
  const results: DeleteResult[] = [];
  const remaining: ObjectRef[] = [];
  for (const ref of orderForDelete(record.objects)) {
    if (options.signal?.aborted) {
      remaining.push(ref);
      continue;
    }
    const outcome = await deleteObject(client, ref);
    if (outcome.failed) remaining.push(ref);
    results.push({
      object: ref,
      action: outcome.failed ? 'failed' : outcome.gone ? 'gone' : 'deleted',
      ...outcome.message,
    });
  }
  if (remaining.length === 0) {
    await options.inventory.delete(options.key);
    return { ok: true, results };
  }
  await options.inventory.put(options.key, {
    ...record,
    objects: remaining,
    updatedAt: new Date().toISOString(),
  });
  options.signal?.throwIfAborted();
  return { ok: false, results };
}
