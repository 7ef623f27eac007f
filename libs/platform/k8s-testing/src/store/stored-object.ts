import { isPlainRecord, type KubeObject } from '../kube-object.js';

/**
 * An immutable stored version of an object. The JSON text is the source of truth: lists and watch events are
 * concatenations of it, and readers get fresh copies by parsing it, so nothing handed out can corrupt the store.
 */
export interface StoredObject {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly rv: number;
  readonly generation: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Values of the selectable fields, including metadata.name and metadata.namespace. */
  readonly fields: Readonly<Record<string, string>>;
  readonly json: string;
}

export function objectKey(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function toStoredObject(obj: KubeObject, selectableFields: readonly string[]): StoredObject {
  const namespace = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  const fields: Record<string, string> = { 'metadata.name': name, 'metadata.namespace': namespace };
  for (const path of selectableFields) fields[path] = fieldValue(obj, path);
  return {
    key: objectKey(namespace, name),
    namespace,
    name,
    uid: obj.metadata.uid ?? '',
    rv: Number(obj.metadata.resourceVersion),
    generation: obj.metadata.generation ?? 1,
    labels: obj.metadata.labels ?? {},
    fields,
    json: JSON.stringify(obj),
  };
}

export function parseStored(stored: StoredObject): KubeObject {
  return JSON.parse(stored.json) as KubeObject;
}

function fieldValue(obj: KubeObject, path: string): string {
  let value: unknown = obj;
  for (const part of path.split('.')) value = isPlainRecord(value) ? value[part] : undefined;
  return value === undefined || value === null ? '' : String(value as string | number | boolean);
}
