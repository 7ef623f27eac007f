import type { MetadataMatcher } from '../rules/fingerprint-rule.schema.js';
import { linearPattern } from './linear-pattern.js';

export function matchesPattern(source: string | undefined, value: string | null | undefined): boolean {
  if (source === undefined) return true;
  return value !== null && value !== undefined && linearPattern(source).test(value);
}

export function matchesMetadata(matcher: MetadataMatcher, entries: Record<string, string>): boolean {
  const value = entries[matcher.key];
  if (value === undefined) return false;
  if (matcher.value !== undefined) return value === matcher.value;
  return matchesPattern(matcher.pattern, value);
}

/** The `version` named group of `source` in `value`, if it matches. */
export function extractVersion(source: string, value: string): string | undefined {
  const matcher = linearPattern(source).matcher(value);
  const version = matcher.find() ? matcher.group('version') : undefined;
  return version === undefined || version === null || version === '' ? undefined : version;
}

/**
 * Orders versions by their numeric parts (1.9.0 < 1.10.0, stable-2.14.10 < stable-2.15.0), then as text, so
 * that the "highest" version of a mesh running several revisions is well defined and stable.
 */
export function compareVersions(left: string, right: string): number {
  const numbers = (version: string) => (version.match(/\d+/g) ?? []).map(Number);
  const [a, b] = [numbers(left), numbers(right)];
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}
