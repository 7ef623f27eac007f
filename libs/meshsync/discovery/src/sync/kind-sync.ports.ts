import type { ResourceChange, ResourceKind } from '@meshplane/contracts';
import type { WatchEvent } from '../kube/kube-http.client.js';

export interface ListPage {
  items: Record<string, unknown>[];
  resourceVersion: string;
  continue?: string;
}

/** One cluster's API as a kind's sync needs it. */
export interface KindSource {
  list(
    kind: ResourceKind,
    limit: number,
    continueToken: string | undefined,
    signal: AbortSignal,
  ): Promise<ListPage>;
  /** Resolves when the server ends the watch cleanly; rejects with KubeHttpError (410 = Gone) otherwise. */
  watch(
    kind: ResourceKind,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
}

export interface SyncMarkerInput {
  syncId: string;
  phase: 'started' | 'completed';
  resourceVersion?: string;
  count?: number;
}

/** Where a kind's changes go (JetStream in production). */
export interface ChangeSink {
  changes(kind: ResourceKind, changes: ResourceChange[]): Promise<void>;
  marker(kind: ResourceKind, marker: SyncMarkerInput): Promise<void>;
}
