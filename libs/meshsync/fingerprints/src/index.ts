/** @meshplane/meshsync-fingerprints: see README.md. */
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
export { meshFingerprintsFeature } from './mesh-fingerprints.feature.js';
export { MeshFingerprintsModule } from './mesh-fingerprints.module.js';
export { ClusterMeshEntity } from './entities/cluster-mesh.entity.js';
export { MeshFingerprintEntity } from './entities/mesh-fingerprint.entity.js';
export { MeshDetectionStateEntity } from './entities/mesh-detection-state.entity.js';
export { type MeshFingerprintsConfig } from './config/mesh-fingerprints.config.js';
export { MeshDetectionService, type DetectionOutcome } from './detection/mesh-detection.service.js';
export { MeshDetector, type DetectionPassSummary } from './detection/mesh-detector.js';
export { FingerprintRulesService, type ListedRule } from './rules/fingerprint-rules.service.js';
export { OBJECT_SOURCE } from './engine/object-source.token.js';
export { InventoryObjectSource } from './sources/inventory-object-source.js';
export { JSONObjectScalar } from './graphql/json-object.scalar.js';
