import { isPlainRecord } from '../kube-object.js';

/**
 * A set of field paths in the apiserver's `FieldsV1` shape: `f:<field>` for a map field, `k:{"name":"x"}` for the
 * item of a keyed list and `.` for the item itself. A node with no children is a leaf (a field owned as a whole).
 */
export type FieldSet = { [element: string]: FieldSet };

/** Metadata the server owns: never part of a manager's fields. */
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
]);

/**
 * Lists merged by key: lists whose items are all objects carrying a string `name` (containers, ports, env,
 * volumes, volumeMounts…). Every other list is atomic: owned and replaced as a whole.
 */
export function isKeyedList(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => isPlainRecord(item) && typeof item['name'] === 'string')
  );
}

export function keyElement(name: string): string {
  return `k:${JSON.stringify({ name })}`;
}

/** The fields an object (an applied configuration) sets, without apiVersion/kind and server-owned metadata. */
export function fieldSetOf(obj: Record<string, unknown>): FieldSet {
  const set: FieldSet = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata' && isPlainRecord(value)) {
      const meta: FieldSet = {};
      for (const [field, v] of Object.entries(value)) {
        if (!SERVER_METADATA.has(field) && v !== undefined) meta[`f:${field}`] = valueFieldSet(v);
      }
      if (Object.keys(meta).length > 0) set['f:metadata'] = meta;
      continue;
    }
    if (value !== undefined) set[`f:${key}`] = valueFieldSet(value);
  }
  return set;
}

function valueFieldSet(value: unknown): FieldSet {
  if (isPlainRecord(value)) {
    const set: FieldSet = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) set[`f:${key}`] = valueFieldSet(v);
    return set;
  }
  if (isKeyedList(value)) {
    const set: FieldSet = {};
    for (const item of value) {
      const { name: _name, ...rest } = item;
      set[keyElement(item['name'] as string)] = { '.': {}, 'f:name': {}, ...valueFieldSet(rest) };
    }
    return set;
  }
  return {};
}

/** Leaf paths (element lists) of a set. */
export function leaves(set: FieldSet, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [element, child] of Object.entries(set)) {
    const path = [...prefix, element];
    if (Object.keys(child).length === 0) out.push(path);
    else out.push(...leaves(child, path));
  }
  return out;
}

export function hasPath(set: FieldSet, path: readonly string[]): boolean {
  let node: FieldSet | undefined = set;
  for (const element of path) {
    node = node[element];
    if (!node) return false;
  }
  return true;
}

/** Whether `set` owns the path or anything under it. */
export function ownsUnder(set: FieldSet, path: readonly string[]): boolean {
  return hasPath(set, path);
}

/** `set` without the given leaf paths; nodes left empty by the removal are pruned. */
export function withoutPaths(set: FieldSet, paths: readonly (readonly string[])[]): FieldSet {
  const copy = structuredClone(set);
  for (const path of paths) removePath(copy, path);
  return copy;
}

function removePath(node: FieldSet, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !node[head]) return;
  if (rest.length === 0) {
    delete node[head];
    return;
  }
  removePath(node[head], rest);
  if (Object.keys(node[head]).length === 0) delete node[head];
}

export function isEmpty(set: FieldSet): boolean {
  return Object.keys(set).length === 0;
}

/** The value at a path of an object (`undefined` when absent; `.` is the list item itself). */
export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let value: unknown = obj;
  for (const element of path) {
    if (element === '.') continue;
    if (element.startsWith('f:')) value = isPlainRecord(value) ? value[element.slice(2)] : undefined;
    else if (element.startsWith('k:')) value = keyedItem(value, element);
    else return undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

function keyedItem(list: unknown, element: string): unknown {
  if (!Array.isArray(list)) return undefined;
  const { name } = JSON.parse(element.slice(2)) as { name: string };
  return list.find((item) => isPlainRecord(item) && item['name'] === name);
}

/** Removes the field at a path from an object (a `.` leaf removes the list item). */
export function removeValueAt(obj: Record<string, unknown>, path: readonly string[]): void {
  const target = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const last = target[target.length - 1];
  if (last === undefined) return;
  const parent = valueAt(obj, target.slice(0, -1));
  if (last.startsWith('f:') && isPlainRecord(parent)) delete parent[last.slice(2)];
  else if (last.startsWith('k:')) {
    const grand = valueAt(obj, target.slice(0, -2));
    const listField = target[target.length - 2];
    if (!isPlainRecord(grand) || !listField?.startsWith('f:')) return;
    const list = grand[listField.slice(2)];
    const item = keyedItem(list, last);
    if (Array.isArray(list)) grand[listField.slice(2)] = list.filter((i) => i !== item);
  }
}

/** `.spec.template.spec.containers[name="app"].image`: how the apiserver names a field in a conflict. */
export function describePath(path: readonly string[]): string {
  let out = '';
  for (const element of path) {
    if (element === '.') continue;
    if (element.startsWith('f:')) out += `.${element.slice(2)}`;
    else if (element.startsWith('k:')) {
      const key = JSON.parse(element.slice(2)) as Record<string, unknown>;
      out += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    }
  }
  return out;
}
