import type { KubeObject } from '@meshplane/k8s-testing';

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
}

/** GET one page of a list from the Kubernetes API (the test server), as discovery would. */
export async function listPage(
  baseUrl: string,
  token: string,
  path: string,
  limit: number,
  continueToken?: string,
): Promise<ListPage> {
  const url = new URL(path, baseUrl);
  url.searchParams.set('limit', String(limit));
  if (continueToken) url.searchParams.set('continue', continueToken);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`list ${path} answered ${response.status}`);
  const body = (await response.json()) as {
    items: KubeObject[];
    metadata: { resourceVersion: string; continue?: string };
  };
  return {
    items: body.items,
    resourceVersion: body.metadata.resourceVersion,
    ...(body.metadata.continue ? { continueToken: body.metadata.continue } : {}),
  };
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

/** Streams watch events from `resourceVersion` until the signal aborts. */
export async function* watch(
  baseUrl: string,
  token: string,
  path: string,
  resourceVersion: string,
  signal: AbortSignal,
): AsyncGenerator<WatchEvent> {
  const url = new URL(path, baseUrl);
  url.searchParams.set('watch', '1');
  url.searchParams.set('resourceVersion', resourceVersion);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal });
  if (!response.ok || !response.body) throw new Error(`watch ${path} answered ${response.status}`);
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== '') yield JSON.parse(line) as WatchEvent;
        newline = buffered.indexOf('\n');
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
