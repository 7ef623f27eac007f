import type { ResourceKind } from '@meshplane/contracts';

/** `group/Kind` (group `core` or empty for the core group) or a bare `Kind`, each part may use `*`. */
export interface KindPattern {
  readonly source: string;
  /** Undefined when the pattern names no group: any group matches. */
  readonly group?: RegExp;
  readonly kind: RegExp;
}

const PART = /^[A-Za-z0-9.*-]*$/;

export function parseKindPatterns(list: string): KindPattern[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseKindPattern);
}

export function parseKindPattern(source: string): KindPattern {
  const slash = source.indexOf('/');
  const groupPart = slash === -1 ? undefined : source.slice(0, slash);
  const kindPart = slash === -1 ? source : source.slice(slash + 1);
  for (const part of [groupPart ?? '', kindPart]) {
    if (!PART.test(part)) throw new Error(`"${source}" is not a group/Kind pattern`);
  }
  if (kindPart === '') throw new Error(`"${source}" names no kind`);
  return {
    source,
    kind: glob(kindPart),
    ...(groupPart !== undefined && { group: glob(groupPart === 'core' ? '' : groupPart) }),
  };
}

/** Kinds match by Kind or by plural resource name, case-insensitively, as kubectl users write them. */
export function matchesKind(kind: Pick<ResourceKind, 'group' | 'kind' | 'resource'>, pattern: KindPattern) {
  if (pattern.group && !pattern.group.test(kind.group)) return false;
  return pattern.kind.test(kind.kind) || pattern.kind.test(kind.resource);
}

export function matchesAny(
  kind: Pick<ResourceKind, 'group' | 'kind' | 'resource'>,
  patterns: readonly KindPattern[],
): boolean {
  return patterns.some((pattern) => matchesKind(kind, pattern));
}

function glob(text: string): RegExp {
  const body = text
    .split('*')
    .map((piece) => piece.replace(/[.-]/g, (c) => `\\${c}`))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}
