import { KubeApiError } from '../api-error.js';
import { isPlainRecord, type KubeObject } from '../kube-object.js';
import {
  describePath,
  fieldSetOf,
  hasPath,
  isEmpty,
  isKeyedList,
  leaves,
  removeValueAt,
  valueAt,
  withoutPaths,
  type FieldSet,
} from './field-set.js';

/** One `metadata.managedFields` entry, as the apiserver writes it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

export interface ApplyRequest {
  manager: string;
  force: boolean;
  apiVersion: string;
  subresource?: string;
  time: string;
}

/**
 * Server-side apply of `applied` (the manager's whole intent) onto `current` (absent on create-on-apply):
 * conflicts with other managers owning a field set to another value (409 unless `force`, which takes the field
 * over); fields this manager applied before and no longer applies are removed unless another manager owns them;
 * maps merge, keyed lists (see `isKeyedList`) merge by name, every other list is replaced as a whole.
 */
export function serverSideApply(
  current: KubeObject | undefined,
  applied: KubeObject,
  request: ApplyRequest,
): KubeObject {
  const entries = managedFieldsOf(current);
  const mine = (e: ManagedFieldsEntry) =>
    e.manager === request.manager && e.operation === 'Apply' && e.subresource === request.subresource;
  const previous = entries.find(mine)?.fieldsV1 ?? {};
  const intent = fieldSetOf(applied);
  const conflicts: { manager: string; apiVersion: string; path: string[] }[] = [];
  for (const path of leaves(intent)) {
    if (path[path.length - 1] === '.') continue;
    const wanted = JSON.stringify(valueAt(applied, path));
    if (JSON.stringify(valueAt(current, path)) === wanted) continue;
    for (const entry of entries) {
      if (entry.manager === request.manager || !hasPath(entry.fieldsV1, path)) continue;
      conflicts.push({ manager: entry.manager, apiVersion: entry.apiVersion, path });
    }
  }
  if (conflicts.length > 0 && !request.force) throw conflictError(conflicts);

  const merged = mergeApplied(structuredClone(current ?? {}), applied) as KubeObject;
  const others = entries
    .filter((e) => !mine(e))
    .map((e) => ({
      ...e,
      fieldsV1: withoutPaths(
        e.fieldsV1,
        conflicts.filter((c) => c.manager === e.manager).map((c) => c.path),
      ),
    }))
    .filter((e) => !isEmpty(e.fieldsV1));
  // Deepest first, so a list item's fields go before the item itself.
  const dropped = leaves(previous)
    .filter((path) => !hasPath(intent, path))
    .sort((a, b) => b.length - a.length);
  for (const path of dropped) {
    const owner = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
    if (others.some((e) => hasPath(e.fieldsV1, owner))) continue;
    removeValueAt(merged, path);
  }
  const own: ManagedFieldsEntry[] = isEmpty(intent)
    ? []
    : [entry(request.manager, 'Apply', request.apiVersion, request.time, intent, request.subresource)];
  return withManagedFields(merged, [...others, ...own]);
}

/**
 * Records an Update (a POST, PUT or non-apply PATCH): the manager now owns every field it changed, and no other
 * manager keeps a field it changed or removed.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  apiVersion: string,
  time: string,
  subresource?: string,
): KubeObject {
  const entries = managedFieldsOf(before);
  const all = leaves(fieldSetOf(after));
  const changed = all.filter(
    (path) => JSON.stringify(valueAt(before, path)) !== JSON.stringify(valueAt(after, path)),
  );
  const gone = (set: FieldSet) => leaves(set).filter((path) => valueAt(after, path) === undefined);
  const mine = (e: ManagedFieldsEntry) =>
    e.manager === manager && e.operation === 'Update' && e.subresource === subresource;
  const previous = entries.find(mine)?.fieldsV1 ?? {};
  const owned = unionPaths(withoutPaths(previous, gone(previous)), changed);
  const others = entries
    .filter((e) => !mine(e))
    .map((e) => ({ ...e, fieldsV1: withoutPaths(e.fieldsV1, [...changed, ...gone(e.fieldsV1)]) }))
    .filter((e) => !isEmpty(e.fieldsV1));
  const own = isEmpty(owned) ? [] : [entry(manager, 'Update', apiVersion, time, owned, subresource)];
  return withManagedFields(after, [...others, ...own]);
}

export function managedFieldsOf(obj: KubeObject | undefined): ManagedFieldsEntry[] {
  const value = obj?.metadata.managedFields;
  return Array.isArray(value) ? (value as ManagedFieldsEntry[]) : [];
}

function withManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[]): KubeObject {
  const metadata = { ...obj.metadata };
  if (entries.length > 0) metadata.managedFields = entries;
  else delete metadata.managedFields;
  return { ...obj, metadata };
}

function entry(
  manager: string,
  operation: 'Apply' | 'Update',
  apiVersion: string,
  time: string,
  fieldsV1: FieldSet,
  subresource: string | undefined,
): ManagedFieldsEntry {
  return {
    manager,
    operation,
    apiVersion,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1,
    ...(subresource ? { subresource } : {}),
  };
}

function unionPaths(set: FieldSet, paths: readonly (readonly string[])[]): FieldSet {
  const copy = structuredClone(set);
  for (const path of paths) {
    let node = copy;
    for (const element of path) node = node[element] ??= {};
  }
  return copy;
}

/** Applies a manager's configuration: maps merge, keyed lists merge item by item, the rest is replaced. */
function mergeApplied(current: unknown, applied: unknown): unknown {
  if (isPlainRecord(current) && isPlainRecord(applied)) {
    const out: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete out[key];
      else out[key] = mergeApplied(current[key], value);
    }
    return out;
  }
  if (isKeyedList(applied) && isKeyedList(current)) {
    const out = [...current];
    for (const item of applied) {
      const index = out.findIndex((c) => c['name'] === item['name']);
      if (index < 0) out.push(item);
      else out[index] = mergeApplied(out[index], item) as Record<string, unknown>;
    }
    return out;
  }
  return applied;
}

function conflictError(conflicts: { manager: string; apiVersion: string; path: string[] }[]): KubeApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with "${c.manager}" using ${c.apiVersion}`,
    field: describePath(c.path),
  }));
  const lines = causes.map((c) => `- ${c.message}: ${c.field}`);
  const message =
    conflicts.length === 1
      ? `Apply failed with 1 conflict: ${causes[0]?.message}: ${causes[0]?.field}`
      : `Apply failed with ${conflicts.length} conflicts: conflicts with managers:\n${lines.join('\n')}`;
  return new KubeApiError(409, 'Conflict', message, { causes });
}
