import { crdGroups, groupOf, isCrd, isNamespace, type ObjectRef } from './manifest-object.js';

type Rank = 0 | 1 | 2 | 3;

/**
 * Apply order: CRDs, then namespaces, then everything else, then the custom resources of the bundle's own CRDs
 * (applied once those are Established). Stable: objects of one rank keep the bundle's order.
 */
export function orderForApply<T>(objects: readonly T[], toRef: (item: T) => ObjectRef = asRef): T[] {
  const groups = crdGroups(objects.map(toRef));
  const rank = (item: T): Rank => {
    const ref = toRef(item);
    if (isCrd(ref)) return 0;
    if (isNamespace(ref)) return 1;
    return groups.has(groupOf(ref.apiVersion)) ? 3 : 2;
  };
  return stableSort(objects, rank);
}

/**
 * Delete order: the custom resources of the recorded CRDs first (their controllers may still need the rest), then
 * everything else in reverse apply order, then namespaces, CRDs last.
 */
export function orderForDelete<T>(objects: readonly T[], toRef: (item: T) => ObjectRef = asRef): T[] {
  const groups = crdGroups(objects.map(toRef));
  const rank = (item: T): Rank => {
    const ref = toRef(item);
    if (isCrd(ref)) return 3;
    if (isNamespace(ref)) return 2;
    return groups.has(groupOf(ref.apiVersion)) ? 0 : 1;
  };
  return stableSort([...objects].reverse(), rank);
}

/** The custom resources among `objects` whose CRD is among them too. */
export function isBundleCustomResource(ref: ObjectRef, groups: ReadonlySet<string>): boolean {
  return !isCrd(ref) && groups.has(groupOf(ref.apiVersion));
}

function asRef<T>(item: T): ObjectRef {
  return item as ObjectRef;
}

function stableSort<T>(items: readonly T[], rank: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}
