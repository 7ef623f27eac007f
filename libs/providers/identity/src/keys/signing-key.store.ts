import type { ExportedSigningKey } from '@meshplane/auth';

/**
 * Where the key ring lives between processes. `update` runs under a lock every replica shares, so two
 * replicas that find the key due at the same moment rotate it once.
 */
export interface SigningKeyStore {
  list(): Promise<ExportedSigningKey[]>;
  /** `next` sees the stored keys; what it returns replaces them, `undefined` keeps them as they are. */
  update(
    next: (current: ExportedSigningKey[]) => ExportedSigningKey[] | undefined,
  ): Promise<ExportedSigningKey[]>;
}

export const SIGNING_KEY_STORE = Symbol('SIGNING_KEY_STORE');
