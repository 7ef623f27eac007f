import { isMap, isScalar, parseAllDocuments, visit } from 'yaml';
import { type ManifestObject } from './manifest-object.js';

export interface ManifestLimits {
  /** Bytes of YAML text (UTF-8). Default 8 MiB. */
  maxBytes?: number;
  /** Non-empty documents. Default 2,000. */
  maxDocuments?: number;
}

export const DEFAULT_MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_MANIFEST_DOCUMENTS = 2000;
// Bundles seldom use anchors; a YAML bomb needs thousands of expansions.
const MAX_ALIAS_COUNT = 50;
const MAX_DEPTH = 64;

/** A bundle that cannot be applied; `document` is its 1-based position in the YAML stream, when it has one. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    message: string,
    readonly document?: number,
  ) {
    super(document === undefined ? message : `document ${document}: ${message}`);
  }
}

/**
 * Parses a multi-document YAML stream (`---` separated) into objects, with the `yaml` package and no custom
 * parser: the size is checked before parsing, then the document count, alias expansions (billion laughs), merge
 * keys, custom tags and non-scalar keys are refused. Empty documents are skipped. Every object must have
 * `apiVersion`, `kind` and `metadata.name` (no `generateName`: the inventory must know each name).
 */
export function parseManifests(text: string, limits: ManifestLimits = {}): ManifestObject[] {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  const maxDocuments = limits.maxDocuments ?? DEFAULT_MAX_MANIFEST_DOCUMENTS;
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new ManifestError(`the manifests are larger than the ${maxBytes}-byte limit`);
  }
  const parsed = parseAllDocuments(text, {
    schema: 'core',
    resolveKnownTags: false,
    merge: false,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const documents = Array.isArray(parsed) ? parsed : [];
  const objects: ManifestObject[] = [];
  documents.forEach((doc, index) => {
    const position = index + 1;
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem)
      throw new ManifestError(`invalid YAML (${problem.code} at offset ${problem.pos[0]})`, position);
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    if (objects.length >= maxDocuments) {
      throw new ManifestError(`more than ${maxDocuments} documents`);
    }
    if (!isMap(doc.contents)) throw new ManifestError('not a mapping (an object)', position);
    visit(doc, {
      Pair(_, pair, path) {
        if (!isScalar(pair.key)) throw new ManifestError('mapping keys must be plain scalars', position);
        if (path.length > MAX_DEPTH) throw new ManifestError(`nested deeper than ${MAX_DEPTH}`, position);
      },
    });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      throw new ManifestError(
        cause instanceof ReferenceError ? 'too many alias expansions' : 'cannot be converted to JSON',
        position,
      );
    }
    objects.push(checkManifestObject(value, position));
  });
  return objects;
}

/** Checks the fields every applied object needs; returns a copy the caller may change. */
export function checkManifestObject(value: unknown, position?: number): ManifestObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError('not an object', position);
  }
  const obj = structuredClone(value) as Record<string, unknown>;
  const { apiVersion, kind, metadata } = obj;
  if (typeof apiVersion !== 'string' || !apiVersion)
    throw new ManifestError('apiVersion is missing', position);
  if (typeof kind !== 'string' || !kind) throw new ManifestError('kind is missing', position);
  if (kind.endsWith('List')) {
    throw new ManifestError(`${kind}: lists are not applied, put each item in its own document`, position);
  }
  const meta = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
  if (typeof meta['name'] !== 'string' || !meta['name']) {
    throw new ManifestError(`${kind}: metadata.name is missing (generateName is not supported)`, position);
  }
  if (meta['namespace'] !== undefined && typeof meta['namespace'] !== 'string') {
    throw new ManifestError(`${kind} ${meta['name']}: metadata.namespace must be a string`, position);
  }
  return obj as unknown as ManifestObject;
}
