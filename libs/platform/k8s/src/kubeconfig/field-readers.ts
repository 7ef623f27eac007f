import { KubeconfigError } from './kubeconfig-error.js';

export type Entry = Record<string, unknown>;

const MAX_DATA_LENGTH = 512 * 1024;

export function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readEntry(parent: Entry, key: string, field: string): Entry {
  const value = parent[key];
  if (value === undefined || value === null) throw new KubeconfigError('MISSING_FIELD', field, 'is required');
  if (!isEntry(value)) throw new KubeconfigError('INVALID_FIELD', field, 'must be a mapping');
  return value;
}

export function readList(parent: Entry, key: string, field: string, maxItems = Infinity): Entry[] {
  const value = parent[key] ?? [];
  if (!Array.isArray(value)) throw new KubeconfigError('INVALID_FIELD', field, 'must be a list');
  if (value.length > maxItems) {
    throw new KubeconfigError('TOO_LARGE', field, `has more than ${maxItems} entries`);
  }
  return value.map((item, i) => {
    if (!isEntry(item)) throw new KubeconfigError('INVALID_FIELD', `${field}[${i}]`, 'must be a mapping');
    return item;
  });
}

/** A string without control characters (values end up in HTTP headers and TLS options). */
export function optionalString(
  parent: Entry,
  key: string,
  field: string,
  maxLength = 4096,
): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new KubeconfigError('INVALID_FIELD', field, 'must be a string');
  if (value.length > maxLength)
    throw new KubeconfigError('INVALID_FIELD', field, `is longer than ${maxLength}`);
  if (hasControlCharacter(value)) {
    throw new KubeconfigError('INVALID_FIELD', field, 'must not contain control characters');
  }
  return value;
}

/** Base64 `*-data` fields, which kubectl lets wrap over several lines; strict base64 is checked later. */
export function optionalData(parent: Entry, key: string, field: string): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new KubeconfigError('INVALID_FIELD', field, 'must be a base64 string');
  if (value.length > MAX_DATA_LENGTH) throw new KubeconfigError('INVALID_FIELD', field, 'is too long');
  return value;
}

export function requiredString(parent: Entry, key: string, field: string, maxLength?: number): string {
  const value = optionalString(parent, key, field, maxLength);
  if (value === undefined) throw new KubeconfigError('MISSING_FIELD', field, 'is required');
  return value;
}

export function optionalBoolean(parent: Entry, key: string, field: string): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new KubeconfigError('INVALID_FIELD', field, 'must be true or false');
  return value;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
