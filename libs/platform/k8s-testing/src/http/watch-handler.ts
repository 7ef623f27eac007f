import { type ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceType } from '../catalogue/resource-type.js';
import { badRequest, expired } from '../api-error.js';
import { type ClusterState } from '../cluster-state.js';
import { parseFieldSelector } from '../selectors/field-selector.js';
import { labelMatcher } from '../selectors/label-selector.js';
import { type WatchHub } from '../watch/watch-hub.js';
import { Watcher } from '../watch/watcher.js';

export interface WatchRequest {
  type: ResourceType;
  version: string;
  namespace: string;
  query: URLSearchParams;
}

/**
 * Serves a watch like the apiserver: replay after the requested resourceVersion (or synthetic ADDED for the
 * current state), then live events; a compacted resourceVersion yields an ERROR event with a 410 Status.
 */
export function serveWatch(
  cluster: ClusterState,
  hub: WatchHub,
  req: WatchRequest,
  res: ServerResponse,
): void {
  const { type, version, namespace, query } = req;
  const labels = labelMatcher(query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, type.selectableFields);
  const requested = query.get('resourceVersion') ?? '';
  const rv = requested === '' ? 0 : Number(requested);
  if (!Number.isSafeInteger(rv) || rv < 0) throw badRequest(`invalid resource version "${requested}"`);
  const sendInitialEvents = query.get('sendInitialEvents') === 'true';

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // client-node's informer awaits the response headers; without this flush they sit in a buffer until the first event.
  res.flushHeaders();

  const watcher = new Watcher(
    res,
    { resourceId: type.id, namespace: type.namespaced ? namespace : '', labels, fields },
    {
      enabled: query.get('allowWatchBookmarks') === 'true',
      kind: type.kind,
      apiVersion: apiVersionOf(type.group, version),
    },
    (w) => hub.remove(w),
  );
  const store = cluster.store;
  if (rv === 0 || sendInitialEvents) {
    const prefix = type.namespaced && namespace ? `${namespace}/` : '';
    for (const object of store.scan(type, store.currentRv, prefix, '')) watcher.sendAdded(object);
    if (sendInitialEvents) watcher.sendBookmark(store.currentRv, { 'k8s.io/initial-events-end': 'true' });
  } else if (rv < store.compactedRv) {
    watcher.fail(expired(`too old resource version: ${rv} (${store.compactedRv})`).status);
    return;
  } else {
    for (const event of store.changesSince(rv)) if (event.resourceId === type.id) watcher.offer(event);
  }
  hub.add(watcher);

  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
  if (timeoutSeconds > 0) {
    const timer = setTimeout(() => watcher.end(), timeoutSeconds * 1000);
    res.on('close', () => clearTimeout(timer));
  }
}
