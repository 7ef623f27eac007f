export {
  applyManifests,
  INVENTORY_KEY_ANNOTATION,
  labelValue,
  MANAGED_BY_LABEL,
  OPERATION_LABEL,
  type ApplyAction,
  type ApplyManifestsOptions,
  type ApplyManifestsResult,
  type FieldConflict,
  type ObjectResult,
} from './apply-manifests.js';
export {
  deleteManifests,
  type DeleteManifestsOptions,
  type DeleteManifestsResult,
  type DeleteResult,
} from './delete-manifests.js';
export {
  InMemoryInventoryStore,
  objectsToPrune,
  type InventoryRecord,
  type InventoryStore,
} from './inventory.js';
export { guardedKubeConfig, type ClusterAccess } from './manifest-client.js';
export {
  DEFAULT_MAX_MANIFEST_BYTES,
  DEFAULT_MAX_MANIFEST_DOCUMENTS,
  ManifestError,
  parseManifests,
  type ManifestLimits,
} from './manifest-documents.js';
export { describeRef, type ManifestObject, type ObjectRef } from './manifest-object.js';
export { orderForApply, orderForDelete } from './manifest-order.js';
export { readiness, ReadinessError, waitForReady, type WaitForReadyOptions } from './wait-for-ready.js';
export { FileInventoryStore } from './file-inventory.js';
