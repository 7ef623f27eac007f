import { isScalar, parseDocument, visit } from 'yaml';
import { KubeconfigError } from './kubeconfig-error.js';

export const DEFAULT_MAX_KUBECONFIG_BYTES = 1024 * 1024;
// Real kubeconfigs rarely use anchors at all; a handful covers hand-written ones, a bomb needs thousands.
const MAX_ALIAS_COUNT = 16;
const MAX_DEPTH = 16;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Parses one YAML document into plain JSON values, refusing what a kubeconfig never needs and an attacker
 * could use: oversized input, alias expansion (billion laughs), YAML 1.1 tags (binary, set, timestamp),
 * custom tags, non-scalar keys, deep nesting, several documents.
 */
export function parseUntrustedYaml(text: string, maxBytes = DEFAULT_MAX_KUBECONFIG_BYTES): JsonValue {
  // Measured before parsing so that a huge upload costs one length check, not a parse.
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new KubeconfigError('TOO_LARGE', '(document)', `larger than the ${maxBytes}-byte limit`);
  }
  const doc = parseDocument(text, {
    schema: 'core',
    resolveKnownTags: false,
    merge: false,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw invalidYaml(`${problem.code} at offset ${problem.pos[0]}`);
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) throw invalidYaml('mapping keys must be plain scalars');
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    throw invalidYaml(
      cause instanceof ReferenceError ? 'too many alias expansions (YAML bomb?)' : 'cannot be converted',
      cause,
    );
  }
  return asJson(value, 0, '(document)');
}

function asJson(value: unknown, depth: number, path: string): JsonValue {
  if (depth > MAX_DEPTH) throw invalidYaml(`nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidYaml(`${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => asJson(item, depth + 1, `${path}[${i}]`));
  if (isPlainObject(value)) {
    const out: { [key: string]: JsonValue } = Object.create(null) as { [key: string]: JsonValue };
    for (const [key, item] of Object.entries(value)) out[key] = asJson(item, depth + 1, `${path}.${key}`);
    return out;
  }
  throw invalidYaml(`${path} is not a JSON-compatible value`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function invalidYaml(reason: string, cause?: unknown): KubeconfigError {
  return new KubeconfigError('INVALID_YAML', '(document)', reason, { cause });
}
