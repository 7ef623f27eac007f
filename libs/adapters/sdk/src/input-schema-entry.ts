/**
 * Operation input schemas alone (`@meshplane/adapters-sdk/input-schema`): what the broker checks a request against,
 * without the adapter server, the manifest applier and the Kubernetes client the rest of the SDK loads.
 */
export { compileInputSchema, SchemaError, type FieldIssue, type InputCheck } from './input-schema.js';
export type { JsonObject, JsonValue } from './json.js';
