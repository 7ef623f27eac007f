import type { ResourceKind } from '@meshplane/contracts';
import type { KindSource, ListPage } from '../sync/kind-sync.ports.js';
import { collectionPath } from './api-discovery.js';
import type { KubeHttpClient, WatchEvent } from './kube-http.client.js';

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: Record<string, unknown>[];
}

/** Server-side watch lifetimes spread over 4–6 minutes so a cluster's watches do not all reconnect at once. */
function watchTimeoutSeconds(): number {
  return 240 + Math.floor(Math.random() * 120);
}

export class KubeKindSource implements KindSource {
  /** `http` is read per request so that a refreshed client (rotated credentials, new policy) takes effect. */
  constructor(private readonly http: () => KubeHttpClient) {}

  async list(
    kind: ResourceKind,
    limit: number,
    continueToken: string | undefined,
    signal: AbortSignal,
  ): Promise<ListPage> {
    const body = await this.http().getJson<ListBody>(
      collectionPath(kind),
      { limit, continue: continueToken },
      signal,
    );
    return {
      items: Array.isArray(body.items) ? body.items : [],
      resourceVersion: body.metadata?.resourceVersion ?? '',
      ...(body.metadata?.continue && { continue: body.metadata.continue }),
    };
  }

  watch(
    kind: ResourceKind,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    return this.http().watch(
      collectionPath(kind),
      { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: watchTimeoutSeconds() },
      onEvent,
      signal,
    );
  }
}
