import { KubeApiError } from '../api-error.js';
import { isPlainRecord } from '../kube-object.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test) applied to a deep copy. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw unprocessable('a JSON patch must be an array of operations');
  let doc: unknown = structuredClone(target);
  for (const raw of operations) {
    if (!isPlainRecord(raw) || typeof raw['op'] !== 'string' || typeof raw['path'] !== 'string') {
      throw unprocessable('each JSON patch operation needs "op" and "path"');
    }
    doc = applyOperation(doc, raw as unknown as Operation);
  }
  return doc;
}

function applyOperation(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add':
      return insert(doc, pointer(op.path), structuredClone(op.value));
    case 'remove':
      return removeAt(doc, pointer(op.path)).doc;
    case 'replace':
      return insert(removeAt(doc, pointer(op.path)).doc, pointer(op.path), structuredClone(op.value));
    case 'move': {
      const taken = removeAt(doc, pointer(requireFrom(op)));
      return insert(taken.doc, pointer(op.path), taken.value);
    }
    case 'copy':
      return insert(doc, pointer(op.path), structuredClone(read(doc, pointer(requireFrom(op)))));
    case 'test':
      if (JSON.stringify(read(doc, pointer(op.path))) !== JSON.stringify(op.value)) {
        throw unprocessable(`testing value ${op.path} failed`);
      }
      return doc;
    default:
      throw unprocessable(`Unexpected kind: ${op.op}`);
  }
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw unprocessable(`invalid JSON pointer ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function requireFrom(op: Operation): string {
  if (typeof op.from !== 'string') throw unprocessable(`"${op.op}" needs "from"`);
  return op.from;
}

function read(doc: unknown, path: string[]): unknown {
  let node = doc;
  for (const part of path) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isPlainRecord(node) && part in node) node = node[part];
    else throw unprocessable(`doc is missing path: /${path.join('/')}`);
  }
  if (node === undefined) throw unprocessable(`doc is missing path: /${path.join('/')}`);
  return node;
}

function parentOf(doc: unknown, path: string[]): { parent: unknown; last: string } {
  const last = path[path.length - 1];
  if (last === undefined) throw unprocessable('the root cannot be the target here');
  return { parent: read(doc, path.slice(0, -1)), last };
}

function insert(doc: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw unprocessable(`array index out of bounds: ${last}`);
    }
    parent.splice(index, 0, value);
  } else if (isPlainRecord(parent)) parent[last] = value;
  else throw unprocessable(`cannot add at /${path.join('/')}`);
  return doc;
}

function removeAt(doc: unknown, path: string[]): { doc: unknown; value: unknown } {
  const value = read(doc, path);
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isPlainRecord(parent)) delete parent[last];
  return { doc, value };
}

function unprocessable(message: string): KubeApiError {
  return new KubeApiError(
    422,
    'Invalid',
    `the server rejected our request due to an error in our request: ${message}`,
  );
}
