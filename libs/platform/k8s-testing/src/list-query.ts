import { badRequest, expired, tooLargeResourceVersion } from './api-error.js';
import { type ResourceType } from './catalogue/resource-type.js';
import { decodeContinue, encodeContinue } from './http/continue-token.js';
import { parseFieldSelector } from './selectors/field-selector.js';
import { labelMatcher } from './selectors/label-selector.js';
import { type ObjectStore } from './store/object-store.js';
import { type StoredObject } from './store/stored-object.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  rv: number;
  items: StoredObject[];
  continueToken?: string;
}

/** A list with the apiserver's resourceVersion semantics and consistent pagination. */
export function runList(
  store: ObjectStore,
  type: ResourceType,
  namespace: string,
  options: ListOptions,
): ListResult {
  const labels = labelMatcher(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector, type.selectableFields);
  const { rv, afterKey } = readPoint(store, options);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const items: StoredObject[] = [];
  const prefix = type.namespaced && namespace ? `${namespace}/` : '';
  const scan = store.scan(type, rv, prefix, afterKey);
  for (let next = scan.next(); !next.done; next = scan.next()) {
    const object = next.value;
    if ((labels && !labels(object.labels)) || (fields && !fields(object.fields))) continue;
    items.push(object);
    if (items.length >= limit) {
      const more = !scan.next().done;
      return { rv, items, ...(more ? { continueToken: encodeContinue(rv, object.key) } : {}) };
    }
  }
  return { rv, items };
}

function readPoint(store: ObjectStore, options: ListOptions): { rv: number; afterKey: string } {
  if (options.continue) {
    if (options.resourceVersion)
      throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(options.continue);
    if (token.rv < store.compactedRv) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    return { rv: token.rv, afterKey: token.lastKey };
  }
  const current = store.currentRv;
  const requested = options.resourceVersion;
  if (!requested) return { rv: current, afterKey: '' };
  const rv = Number(requested);
  if (!Number.isSafeInteger(rv) || rv < 0) throw badRequest(`invalid resource version "${requested}"`);
  const match = options.resourceVersionMatch ?? (options.limit && rv !== 0 ? 'Exact' : 'NotOlderThan');
  if (match === 'Exact') {
    if (rv === 0)
      throw badRequest('resourceVersionMatch: Forbidden: "Exact" is forbidden for resourceVersion "0"');
    if (rv < store.compactedRv) throw expired(`The resourceVersion for the provided list is too old.`);
    if (rv > current) throw tooLargeResourceVersion(rv, current);
    return { rv, afterKey: '' };
  }
  if (match !== 'NotOlderThan') throw badRequest(`resourceVersionMatch: Unsupported value: "${match}"`);
  if (rv > current) throw tooLargeResourceVersion(rv, current);
  return { rv: current, afterKey: '' };
}
