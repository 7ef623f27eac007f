import { refKey, type ObjectRef } from './manifest-object.js';

/** What one installation key owns in one cluster. */
export interface InventoryRecord {
  /** Every object applied under the key, in apply order. */
  objects: ObjectRef[];
  /**
   * By `refKey`: a digest of each object's content as the apiserver answered the last apply (server bookkeeping left
   * out), so that the next apply tells `unchanged` from `configured` without reading the object first. Optional: a
   * record without it (or an object missing from it) reads as `configured`.
   */
  digests?: Record<string, string>;
  /** The operation that last wrote the record. */
  operationId: string;
  /** ISO 8601. */
  updatedAt: string;
}

/**
 * Where the ownership inventory lives. A key names one installation in one cluster (e.g.
 * `<connection id>/istio/control-plane`) or one operation; the SDK never derives ownership from labels.
 *
 * Contract for every implementation (the broker's Postgres one included):
 * - `get` returns the last record `put` under the key, or `undefined`; records are read whole.
 * - `put` replaces the record atomically (one row per key, upsert) and is durable when it resolves: `applyManifests`
 *   writes the union of the old and new objects BEFORE it creates anything, so a crash never leaves an object no
 *   record names.
 * - `delete` removes the key; deleting an absent key is not an error.
 * - Keys are scoped by the caller (organisation, connection); the store adds no scoping of its own, so a Postgres
 *   implementation keeps (org_id, key) as its primary key and filters every query by org.
 * - Operations on one key are not run concurrently by the SDK's callers (the broker leases each operation); a store
 *   need not merge concurrent writes.
 */
export interface InventoryStore {
  get(key: string): Promise<InventoryRecord | undefined>;
  put(key: string, record: InventoryRecord): Promise<void>;
  delete(key: string): Promise<void>;
}

/** For tests and single-process adapters: the inventory dies with the process. */
export class InMemoryInventoryStore implements InventoryStore {
  private readonly records = new Map<string, string>();

  get(key: string): Promise<InventoryRecord | undefined> {
    const text = this.records.get(key);
    return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as InventoryRecord));
  }

  put(key: string, record: InventoryRecord): Promise<void> {
    this.records.set(key, JSON.stringify(record));
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.records.delete(key);
    return Promise.resolve();
  }

  keys(): string[] {
    return [...this.records.keys()];
  }
}

/** Objects of `previous` that `next` no longer has: what an upgrade prunes. */
export function objectsToPrune(previous: readonly ObjectRef[], next: readonly ObjectRef[]): ObjectRef[] {
  const kept = new Set(next.map(refKey));
  return previous.filter((ref) => !kept.has(refKey(ref)));
}

/** `first` then what `second` adds, without duplicates (the record written before applying). */
export function unionOfRefs(first: readonly ObjectRef[], second: readonly ObjectRef[]): ObjectRef[] {
  const seen = new Set<string>();
  const out: ObjectRef[] = [];
  for (const ref of [...first, ...second]) {
    const key = refKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref);
  }
  return out;
}
