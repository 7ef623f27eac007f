import { isPlainRecord } from '../kube-object.js';
import { type ChangeEvent } from './event-log.js';
import { parseStored, type StoredObject } from './stored-object.js';

/** An object that names an owner in `metadata.ownerReferences`. */
export interface Dependent {
  readonly resourceId: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Owner UID → dependents, kept up to date from the store's change events (so bulk loads are covered too) for
 * the garbage collector's cascading deletes. Objects without owner references cost a substring test.
 */
export class OwnerIndex {
  private readonly byOwner = new Map<string, Map<string, Dependent>>();

  track(event: ChangeEvent): void {
    if (event.previous) this.forget(event.resourceId, event.previous);
    if (event.type !== 'DELETED') this.remember(event.resourceId, event.object);
  }

  dependentsOf(ownerUid: string): Dependent[] {
    return [...(this.byOwner.get(ownerUid)?.values() ?? [])];
  }

  private remember(resourceId: string, stored: StoredObject): void {
    for (const uid of ownerUids(stored)) {
      let dependents = this.byOwner.get(uid);
      if (!dependents) this.byOwner.set(uid, (dependents = new Map()));
      dependents.set(`${resourceId}|${stored.key}`, {
        resourceId,
        namespace: stored.namespace,
        name: stored.name,
      });
    }
  }

  private forget(resourceId: string, stored: StoredObject): void {
    for (const uid of ownerUids(stored)) {
      const dependents = this.byOwner.get(uid);
      dependents?.delete(`${resourceId}|${stored.key}`);
      if (dependents?.size === 0) this.byOwner.delete(uid);
    }
  }
}

function ownerUids(stored: StoredObject): string[] {
  if (!stored.json.includes('"ownerReferences"')) return [];
  const refs = parseStored(stored).metadata['ownerReferences'];
  if (!Array.isArray(refs)) return [];
  return refs.filter(isPlainRecord).flatMap((r) => (typeof r['uid'] === 'string' ? [r['uid']] : []));
}
