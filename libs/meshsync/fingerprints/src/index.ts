/** @meshplane/mesh-fingerprints: see README.md. */
export {
  FINGERPRINT_SCHEMA_VERSION,
  fingerprintRuleSchema,
  type FingerprintRule,
} from './rules/fingerprint-rule.schema.js';
export { FingerprintRuleError, type FingerprintRuleIssue } from './rules/fingerprint-rule.error.js';
export { parseFingerprintRule, parseFingerprintRuleYaml } from './rules/parse-fingerprint-rule.js';
export { BUILT_IN_RULES_DIR, builtInRules, loadRuleDirectory } from './rules/built-in-rules.js';
export {
  effectiveRules,
  rulesWithOrigin,
  type RuleOrigin,
  type RuleWithOrigin,
} from './rules/effective-rules.js';
export { fingerprint } from './engine/fingerprint.js';
export type { ControlPlaneComponent, DetectedMesh } from './engine/detected-mesh.js';
export {
  FINGERPRINT_KINDS,
  type ClusterObject,
  type ObjectQuery,
  type ObjectSource,
} from './engine/cluster-object.js';
