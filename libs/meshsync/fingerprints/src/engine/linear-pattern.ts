import { RE2JS } from 're2js';

/**
 * Rule patterns come from tenants and run in-process on strings their clusters control, so they are compiled by
 * RE2 (re2js, pure JavaScript): matching takes time linear in the input whatever the pattern. `^(a+)+$` is an
 * ordinary pattern there, not a way to stall the service. RE2 refuses what needs backtracking (backreferences,
 * lookahead, lookbehind); `compileLinearPattern` throws a message saying so.
 */
export function compileLinearPattern(source: string): RE2JS {
  try {
    return RE2JS.compile(source);
  } catch (error) {
    const detail =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new Error(
      `is not a valid regular expression for the linear-time (RE2) engine: ${detail}` +
        ' (backreferences and lookaround are not supported)',
    );
  }
}

// Tenants can submit any number of distinct patterns: the cache is bounded, and a miss only costs a compile.
const MAX_CACHED = 2_000;
const compiled = new Map<string, RE2JS>();

/** The compiled pattern, cached: rule patterns are few and reused across every cluster pass. */
export function linearPattern(source: string): RE2JS {
  let pattern = compiled.get(source);
  if (!pattern) {
    pattern = compileLinearPattern(source);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(source, pattern);
  }
  return pattern;
}
