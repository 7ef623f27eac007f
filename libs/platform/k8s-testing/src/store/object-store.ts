import { type ResourceType } from '../catalogue/resource-type.js';
import { type KubeObject } from '../kube-object.js';
import { type ChangeEvent, EventLog, type WatchEventType } from './event-log.js';
import { lowerBound, SortedKeyIndex } from './sorted-key-index.js';
import { objectKey, parseStored, type StoredObject, toStoredObject } from './stored-object.js';

interface Collection {
  readonly objects: Map<string, StoredObject>;
  readonly index: SortedKeyIndex;
  lastChangeRv: number;
}

/**
 * etcd in miniature: one global, monotonically increasing resourceVersion, every write an event in a bounded
 * log, and reads at any retained resourceVersion reconstructed from the current state plus that log.
 */
export class ObjectStore {
  private rv: number;
  private readonly collections = new Map<string, Collection>();
  private readonly log: EventLog;

  constructor(
    compactionWindow: number,
    private readonly onChange: (event: ChangeEvent) => void,
    initialRv = 1,
  ) {
    this.rv = initialRv;
    this.log = new EventLog(compactionWindow, initialRv);
  }

  get currentRv(): number {
    return this.rv;
  }

  get compactedRv(): number {
    return this.log.compactedRv;
  }

  compact(keepLast: number): void {
    this.log.compact(keepLast, this.rv);
  }

  get(type: ResourceType, namespace: string, name: string): StoredObject | undefined {
    return this.collections.get(type.id)?.objects.get(objectKey(namespace, name));
  }

  count(type: ResourceType): number {
    return this.collections.get(type.id)?.objects.size ?? 0;
  }

  /** What `put` would store, stored nowhere and announced to no watcher (dry run); the current RV is kept. */
  preview(type: ResourceType, build: (rv: number) => KubeObject): StoredObject {
    return toStoredObject(build(this.rv), type.selectableFields);
  }

  /** Stores a new version; `build` receives the resourceVersion allotted to it. */
  put(type: ResourceType, build: (rv: number) => KubeObject): StoredObject {
    const rv = ++this.rv;
    const stored = toStoredObject(build(rv), type.selectableFields);
    const collection = this.collection(type.id);
    const previous = collection.objects.get(stored.key);
    collection.objects.set(stored.key, stored);
    if (!previous) collection.index.add(stored.key);
    this.record(collection, type, previous ? 'MODIFIED' : 'ADDED', stored, previous);
    return stored;
  }

  /** Removes an object; the result is its last state stamped with the deletion's resourceVersion. */
  remove(type: ResourceType, namespace: string, name: string): StoredObject | undefined {
    const collection = this.collections.get(type.id);
    const key = objectKey(namespace, name);
    const previous = collection?.objects.get(key);
    if (!collection || !previous) return undefined;
    const rv = ++this.rv;
    const last = parseStored(previous);
    last.metadata.resourceVersion = String(rv);
    const tombstone = toStoredObject(last, type.selectableFields);
    collection.objects.delete(key);
    collection.index.remove(key);
    this.record(collection, type, 'DELETED', tombstone, previous);
    return tombstone;
  }

  /** Keys currently stored under a resource (optionally one namespace), in etcd order. */
  keys(type: ResourceType, namespace = ''): string[] {
    const collection = this.collections.get(type.id);
    if (!collection) return [];
    return [...scanCurrent(collection, namespace ? `${namespace}/` : '', '')].map((o) => o.key);
  }

  dropCollection(type: ResourceType): void {
    this.collections.delete(type.id);
  }

  /**
   * Objects as they were at `atRv` (which must be >= compactedRv), in key order, restricted to keys with
   * `prefix` and strictly after `afterKey`.
   */
  *scan(type: ResourceType, atRv: number, prefix: string, afterKey: string): Generator<StoredObject> {
    const collection = this.collections.get(type.id);
    if (!collection) return;
    if (collection.lastChangeRv <= atRv) {
      yield* scanCurrent(collection, prefix, afterKey);
      return;
    }
    yield* this.scanPast(collection, type.id, atRv, prefix, afterKey);
  }

  /** Changes with rv > `afterRv` (which must be >= compactedRv), oldest first. */
  changesSince(afterRv: number): Generator<ChangeEvent> {
    return this.log.since(afterRv);
  }

  private *scanPast(
    collection: Collection,
    resourceId: string,
    atRv: number,
    prefix: string,
    afterKey: string,
  ): Generator<StoredObject> {
    // Undo, newest first, every change made after atRv: the earliest change's previous state wins.
    const past = new Map<string, StoredObject | undefined>();
    for (const event of this.log.newestFirstUntil(atRv)) {
      if (event.resourceId === resourceId) past.set(event.object.key, event.previous);
    }
    const changedKeys = [...past.keys()].filter((k) => k.startsWith(prefix) && k > afterKey).sort();
    const current = scanCurrent(collection, prefix, afterKey);
    let next = current.next();
    let c = 0;
    while (!next.done || c < changedKeys.length) {
      const changedKey = changedKeys[c];
      if (changedKey !== undefined && (next.done || changedKey <= next.value.key)) {
        if (!next.done && changedKey === next.value.key) next = current.next();
        const then = past.get(changedKey);
        c++;
        if (then) yield then;
      } else if (!next.done) {
        yield next.value;
        next = current.next();
      }
    }
  }

  private record(
    collection: Collection,
    type: ResourceType,
    eventType: WatchEventType,
    object: StoredObject,
    previous: StoredObject | undefined,
  ): void {
    collection.lastChangeRv = object.rv;
    const event: ChangeEvent = { rv: object.rv, type: eventType, resourceId: type.id, object, previous };
    this.log.append(event);
    this.onChange(event);
  }

  private collection(id: string): Collection {
    let collection = this.collections.get(id);
    if (!collection) {
      collection = { objects: new Map(), index: new SortedKeyIndex(), lastChangeRv: 0 };
      this.collections.set(id, collection);
    }
    return collection;
  }
}

function* scanCurrent(collection: Collection, prefix: string, afterKey: string): Generator<StoredObject> {
  const keys = collection.index.keys();
  const from = afterKey >= prefix ? afterKey + '\u0000' : prefix;
  for (let i = lowerBound(keys, from); i < keys.length; i++) {
    const key = keys[i] as string;
    if (!key.startsWith(prefix)) return;
    const stored = collection.objects.get(key);
    if (stored) yield stored;
  }
}
