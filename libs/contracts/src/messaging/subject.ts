/**
 * NATS subject rules shared by stream, consumer and event definitions. Subjects are versioned
 * (`<domain>.v<N>.…`) so a breaking payload change gets a new subject space instead of
 * surprising consumers of the old one.
 */
const TOKEN = /^[A-Za-z0-9_-]+$/;
const VERSIONED = /^[a-z][a-z0-9-]*\.v[1-9][0-9]*(\.|$)/;

/** Checks one value destined to be a single subject token (no dots, wildcards or whitespace). */
export function subjectToken(value: string, what = 'subject token'): string {
  if (!TOKEN.test(value)) {
    throw new Error(`${what} "${value}" must be a non-empty subject token ([A-Za-z0-9_-])`);
  }
  return value;
}

/** Validates a subject or subject pattern and requires the `<domain>.v<N>` prefix. */
export function assertVersionedSubject(subject: string, what: string): void {
  if (!VERSIONED.test(subject)) {
    throw new Error(`${what} "${subject}" must start with "<domain>.v<N>."`);
  }
  const tokens = subject.split('.');
  tokens.forEach((token, i) => {
    const wildcard = token === '*' || (token === '>' && i === tokens.length - 1);
    if (!wildcard && !TOKEN.test(token)) {
      throw new Error(`${what} "${subject}" has an invalid token "${token}"`);
    }
  });
}

/** True when a concrete subject is matched by a pattern using `*` and a trailing `>`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  return isSubsetOf(subject.split('.'), pattern.split('.'));
}

/** True when every subject matched by `inner` is also matched by `outer` (both may hold wildcards). */
export function subjectPatternWithin(inner: string, outer: string): boolean {
  return isSubsetOf(inner.split('.'), outer.split('.'));
}

function isSubsetOf(inner: string[], outer: string[]): boolean {
  for (let i = 0; i < outer.length; i++) {
    const o = outer[i];
    if (o === '>') return i < inner.length;
    const t = inner[i];
    if (t === undefined || t === '>') return false;
    if (o !== '*' && (t === '*' || o !== t)) return false;
  }
  return inner.length === outer.length;
}
