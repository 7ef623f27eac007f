import { sanitizeCluster } from './cluster.sanitizer.js';
import { type Entry, isEntry, optionalString, readEntry, readList, requiredString } from './field-readers.js';
import { KubeconfigError } from './kubeconfig-error.js';
import { type ParsedKubeconfig, type SanitizedContext } from './sanitized-context.js';
import { parseUntrustedYaml } from './untrusted-yaml.js';
import { sanitizeUser } from './user.sanitizer.js';

export interface ParseKubeconfigOptions {
  /** Context names to import; all contexts by default. */
  contexts?: readonly string[];
  /** Size limit in bytes, checked before parsing; 1 MiB by default. */
  maxBytes?: number;
  /**
   * Most entries each of `clusters`, `users` and `contexts` may hold, whatever `contexts` selects: a document past
   * it is refused (TOO_LARGE naming the list) before any entry is read. 100 by default.
   */
  maxEntries?: number;
}

export const DEFAULT_MAX_KUBECONFIG_ENTRIES = 100;

/** One selected context: sanitized, or why it cannot be (an error naming the field). */
export type ContextParseResult =
  | { readonly name: string; readonly context: SanitizedContext; readonly error?: undefined }
  | { readonly name: string; readonly context?: undefined; readonly error: KubeconfigError };

interface IndexedKubeconfig {
  readonly clusters: NamedEntries;
  readonly users: NamedEntries;
  readonly contexts: NamedEntries;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

interface NamedEntries {
  readonly byName: Map<string, { entry: Entry; path: string }>;
}

/**
 * Rebuilds the selected contexts of an uploaded kubeconfig from allow-listed fields. Only the clusters and
 * users those contexts reference are inspected: an `exec` user belonging to a context nobody imports is
 * dropped with everything else, not executed and not an error.
 */
export function parseUntrustedKubeconfig(
  text: string,
  options: ParseKubeconfigOptions = {},
): ParsedKubeconfig {
  const index = indexKubeconfig(text, options);
  const wanted = options.contexts ?? [...index.contexts.byName.keys()];
  return { contexts: wanted.map((name) => sanitizeContext(name, index)) };
}

/**
 * Like parseUntrustedKubeconfig, but each selected context succeeds or fails on its own, so an import can store
 * the good ones and name the field of each bad one. The document is parsed and indexed once, whatever the number
 * of contexts. Document-level problems (size, YAML, header, entry limit, duplicate names) still throw.
 */
export function parseKubeconfigContexts(
  text: string,
  options: ParseKubeconfigOptions = {},
): ContextParseResult[] {
  const index = indexKubeconfig(text, options);
  const wanted = options.contexts ?? [...index.contexts.byName.keys()];
  return wanted.map((name) => {
    try {
      return { name, context: sanitizeContext(name, index) };
    } catch (error) {
      if (error instanceof KubeconfigError) return { name, error };
      throw error;
    }
  });
}

function indexKubeconfig(text: string, options: ParseKubeconfigOptions): IndexedKubeconfig {
  const doc = parseUntrustedYaml(text, options.maxBytes);
  if (!isEntry(doc)) throw new KubeconfigError('INVALID_FIELD', '(document)', 'must be a mapping');
  checkHeader(doc);
  const max = options.maxEntries ?? DEFAULT_MAX_KUBECONFIG_ENTRIES;
  const [clusters, users, contexts] = (['clusters', 'users', 'contexts'] as const).map((list) =>
    indexByName(readList(doc, list, list, max), list),
  ) as [NamedEntries, NamedEntries, NamedEntries];
  if (contexts.byName.size === 0) throw new KubeconfigError('MISSING_FIELD', 'contexts', 'has no contexts');
  return { clusters, users, contexts };
}

function checkHeader(doc: Entry): void {
  const apiVersion = requiredString(doc, 'apiVersion', 'apiVersion');
  if (apiVersion !== 'v1') throw new KubeconfigError('UNSUPPORTED_VERSION', 'apiVersion', 'must be v1');
  const kind = requiredString(doc, 'kind', 'kind');
  if (kind !== 'Config') throw new KubeconfigError('UNSUPPORTED_VERSION', 'kind', 'must be Config');
}

function indexByName(entries: Entry[], list: string): NamedEntries {
  const byName = new Map<string, { entry: Entry; path: string }>();
  entries.forEach((entry, i) => {
    const path = `${list}[${i}]`;
    const name = requiredString(entry, 'name', `${path}.name`, 253);
    if (byName.has(name)) throw new KubeconfigError('INVALID_FIELD', `${path}.name`, 'is a duplicate name');
    byName.set(name, { entry, path });
  });
  return { byName };
}

function sanitizeContext(name: string, { contexts, clusters, users }: IndexedKubeconfig): SanitizedContext {
  const found = contexts.byName.get(name);
  if (!found) throw new KubeconfigError('UNKNOWN_CONTEXT', 'contexts', `has no context named "${name}"`);
  const field = `${found.path}.context`;
  const context = readEntry(found.entry, 'context', field);
  const cluster = resolve(context, 'cluster', field, clusters);
  const user = resolve(context, 'user', field, users);
  const namespace = optionalString(context, 'namespace', `${field}.namespace`, 63);
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    throw new KubeconfigError('INVALID_FIELD', `${field}.namespace`, 'must be a DNS label');
  }
  return {
    name,
    ...(namespace !== undefined && { namespace }),
    cluster: sanitizeCluster(cluster.entry, cluster.name, cluster.path),
    user: sanitizeUser(user.entry, user.name, user.path),
    source: { context: found.path, cluster: cluster.path, user: user.path },
  };
}

function resolve(
  context: Entry,
  key: 'cluster' | 'user',
  field: string,
  entries: NamedEntries,
): { name: string; entry: Entry; path: string } {
  const name = requiredString(context, key, `${field}.${key}`, 253);
  const found = entries.byName.get(name);
  if (!found) throw new KubeconfigError('UNKNOWN_REFERENCE', `${field}.${key}`, `names no entry in ${key}s`);
  return { name, ...found };
}
