import type { FingerprintRule } from './fingerprint-rule.schema.js';

export type RuleOrigin = 'built-in' | 'registered';

export interface RuleWithOrigin {
  rule: FingerprintRule;
  origin: RuleOrigin;
  /** False for a built-in rule that an org's registered rule overrides. */
  active: boolean;
}

/**
 * The rules one org evaluates: the built-in ones plus its registered ones, where a registered rule for a mesh
 * that has a built-in rule replaces it only with a higher ruleVersion (an older adapter cannot downgrade a
 * shipped rule). Sorted by mesh id, then origin.
 */
export function rulesWithOrigin(
  builtIn: readonly FingerprintRule[],
  registered: readonly FingerprintRule[],
): RuleWithOrigin[] {
  const registeredById = new Map(registered.map((rule) => [rule.mesh.id, rule]));
  const entries: RuleWithOrigin[] = builtIn.map((rule) => {
    const override = registeredById.get(rule.mesh.id);
    return { rule, origin: 'built-in', active: !override || override.ruleVersion <= rule.ruleVersion };
  });
  const builtInById = new Map(builtIn.map((rule) => [rule.mesh.id, rule]));
  for (const rule of registered) {
    const shipped = builtInById.get(rule.mesh.id);
    entries.push({ rule, origin: 'registered', active: !shipped || rule.ruleVersion > shipped.ruleVersion });
  }
  return entries.sort(
    (a, b) => a.rule.mesh.id.localeCompare(b.rule.mesh.id) || a.origin.localeCompare(b.origin),
  );
}

export function effectiveRules(
  builtIn: readonly FingerprintRule[],
  registered: readonly FingerprintRule[],
): FingerprintRule[] {
  return rulesWithOrigin(builtIn, registered)
    .filter((entry) => entry.active)
    .map((entry) => entry.rule);
}
