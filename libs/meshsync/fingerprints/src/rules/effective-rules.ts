import type { FingerprintRule } from './fingerprint-rule.schema.js';

export type RuleOrigin = 'built-in' | 'platform' | 'registered';

export interface RuleWithOrigin {
  rule: FingerprintRule;
  origin: RuleOrigin;
  /** Whether the org evaluates it: false when a later layer's rule for the same mesh has a higher ruleVersion. */
  active: boolean;
}

const LAYERS: readonly RuleOrigin[] = ['built-in', 'platform', 'registered'];

/**
 * The rules one org evaluates, in three layers: the built-in ones, the operator's adapters' (platform) ones and the
 * org's registered ones. Per mesh, a later layer's rule replaces the one in force only with a higher ruleVersion (an
 * older adapter cannot downgrade a shipped or platform rule). Sorted by mesh id, then layer.
 */
export function rulesWithOrigin(
  builtIn: readonly FingerprintRule[],
  registered: readonly FingerprintRule[],
  platform: readonly FingerprintRule[] = [],
): RuleWithOrigin[] {
  const byLayer: Record<RuleOrigin, readonly FingerprintRule[]> = {
    'built-in': builtIn,
    platform,
    registered,
  };
  // Per mesh, the rule in force: the highest ruleVersion, the earlier layer on a tie.
  const winner = new Map<string, { origin: RuleOrigin; ruleVersion: number }>();
  for (const origin of LAYERS)
    for (const rule of byLayer[origin]) {
      const current = winner.get(rule.mesh.id);
      if (!current || rule.ruleVersion > current.ruleVersion)
        winner.set(rule.mesh.id, { origin, ruleVersion: rule.ruleVersion });
    }
  const entries = LAYERS.flatMap((origin) =>
    byLayer[origin].map((rule) => ({ rule, origin, active: winner.get(rule.mesh.id)?.origin === origin })),
  );
  return entries.sort(
    (a, b) =>
      a.rule.mesh.id.localeCompare(b.rule.mesh.id) || LAYERS.indexOf(a.origin) - LAYERS.indexOf(b.origin),
  );
}

export function effectiveRules(
  builtIn: readonly FingerprintRule[],
  registered: readonly FingerprintRule[],
  platform: readonly FingerprintRule[] = [],
): FingerprintRule[] {
  return rulesWithOrigin(builtIn, registered, platform)
    .filter((entry) => entry.active)
    .map((entry) => entry.rule);
}
