import { type ConnectionEntity } from '../entities/connection.entity.js';

/** Why one context was not imported: `field` is a path into the uploaded kubeconfig (or the input). */
export interface ContextImportFailure {
  readonly code: string;
  readonly field: string | null;
  readonly message: string;
}

export type ContextImportOutcome =
  | { readonly context: string; readonly connection: ConnectionEntity; readonly error?: undefined }
  | { readonly context: string; readonly connection?: undefined; readonly error: ContextImportFailure };
