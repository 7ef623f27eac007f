import { type IncomingMessage, type ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, KubeApiError, notFound } from '../api-error.js';
import { apiVersionOf, type ResourceType } from '../catalogue/resource-type.js';
import {
  type ClusterState,
  type PatchType,
  type PropagationPolicy,
  type WriteContext,
} from '../cluster-state.js';
import { runList, type ListOptions } from '../list-query.js';
import { type StoredObject } from '../store/stored-object.js';
import { type WatchHub } from '../watch/watch-hub.js';
import { readBody, sendJson } from './http-io.js';
import { type ResourcePath } from './resource-path.js';
import { serveWatch } from './watch-handler.js';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** The REST verbs on /api/v1/... and /apis/<group>/<version>/... */
export async function serveResource(
  cluster: ClusterState,
  hub: WatchHub,
  path: ResourcePath,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const type = cluster.registry.byPlural(path.group, path.version, path.plural);
  if (!type) throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (path.subresource && !(path.subresource === 'status' && type.statusSubresource)) {
    throw notFound(`${type.plural}/${path.subresource}`, path.name ?? '', type.group);
  }
  const { namespace, name } = path;
  const query = url.searchParams;
  const method = req.method ?? 'GET';
  const context: WriteContext = {
    viaApi: true,
    subresource: path.subresource === 'status' ? 'status' : undefined,
    fieldManager: query.get('fieldManager') ?? undefined,
    force: isTrue(query.get('force')),
    userAgent: req.headers['user-agent'],
    dryRun: dryRunOf(query.get('dryRun')),
  };

  if (name === undefined) {
    if (method === 'GET' && (path.watch || isTrue(query.get('watch')))) {
      serveWatch(cluster, hub, { type, version: path.version, namespace, query }, res);
      return;
    }
    if (method === 'GET')
      return sendJson(res, 200, listBody(cluster, type, path.version, namespace, listOptions(query)));
    if (method === 'POST')
      return sendObject(res, 201, cluster.create(type, namespace, parseJson(await readBody(req)), context));
    if (method === 'DELETE') return deleteCollection(cluster, type, path.version, namespace, query, res);
    throw methodNotAllowed(method);
  }
  switch (method) {
    case 'GET':
      return sendObject(res, 200, cluster.get(type, namespace, name));
    case 'PUT':
      return sendObject(
        res,
        200,
        cluster.replace(type, namespace, name, parseJson(await readBody(req)), context),
      );
    case 'PATCH': {
      const patchType = PATCH_TYPES[(req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? ''];
      if (!patchType) {
        throw new KubeApiError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format`,
        );
      }
      const body = await readBody(req);
      const patch = patchType === 'apply' ? parseYamlBody(body) : parseJson(body);
      const existed =
        patchType === 'apply' && cluster.store.get(type, type.namespaced ? namespace : '', name);
      const stored = cluster.patch(type, namespace, name, patchType, patch, context);
      return sendObject(res, patchType === 'apply' && !existed ? 201 : 200, stored);
    }
    case 'DELETE': {
      if (context.subresource) throw methodNotAllowed(method);
      const propagation = propagationPolicy(query, await readBody(req));
      if (context.dryRun) return sendObject(res, 200, cluster.get(type, namespace, name));
      return sendObject(res, 200, cluster.delete(type, namespace, name, propagation));
    }
    default:
      throw methodNotAllowed(method);
  }
}

function listBody(
  cluster: ClusterState,
  type: ResourceType,
  version: string,
  namespace: string,
  options: ListOptions,
): string {
  const result = runList(cluster.store, type, namespace, options);
  const metadata = JSON.stringify({
    resourceVersion: String(result.rv),
    ...(result.continueToken ? { continue: result.continueToken } : {}),
  });
  const apiVersion = apiVersionOf(type.group, version);
  return `{"kind":"${type.kind}List","apiVersion":"${apiVersion}","metadata":${metadata},"items":[${result.items.map((o) => o.json).join(',')}]}`;
}

function deleteCollection(
  cluster: ClusterState,
  type: ResourceType,
  version: string,
  namespace: string,
  query: URLSearchParams,
  res: ServerResponse,
): void {
  const { items } = runList(cluster.store, type, namespace, {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  });
  const deleted = items.map((o) => cluster.delete(type, o.namespace, o.name));
  const apiVersion = apiVersionOf(type.group, version);
  const metadata = JSON.stringify({ resourceVersion: String(cluster.store.currentRv) });
  sendJson(
    res,
    200,
    `{"kind":"${type.kind}List","apiVersion":"${apiVersion}","metadata":${metadata},"items":[${deleted.map((o) => o.json).join(',')}]}`,
  );
}

/** From the query or the DeleteOptions body; `orphanDependents=true` is the deprecated spelling of Orphan. */
function propagationPolicy(query: URLSearchParams, body: string): PropagationPolicy {
  let options: Record<string, unknown> = {};
  if (body.trim()) {
    const parsed = parseJson(body);
    if (typeof parsed === 'object' && parsed !== null) options = parsed as Record<string, unknown>;
  }
  const policy = query.get('propagationPolicy') ?? options['propagationPolicy'];
  if (policy === 'Orphan' || policy === 'Foreground' || policy === 'Background') return policy;
  if (policy !== undefined && policy !== null) {
    throw badRequest(`propagationPolicy: Unsupported value: "${String(policy)}"`);
  }
  const orphan = query.get('orphanDependents') ?? options['orphanDependents'];
  return orphan === true || orphan === 'true' ? 'Orphan' : 'Background';
}

function listOptions(query: URLSearchParams): ListOptions {
  const limit = query.get('limit');
  return {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: limit ? Number(limit) : undefined,
    continue: query.get('continue') ?? undefined,
    resourceVersion: query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
  };
}

function sendObject(res: ServerResponse, code: number, stored: StoredObject): void {
  sendJson(res, code, stored.json);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw badRequest('the body of the request could not be decoded as JSON');
  }
}

function parseYamlBody(body: string): unknown {
  try {
    return parseYaml(body) as unknown;
  } catch {
    throw badRequest('the body of the request could not be decoded as YAML');
  }
}

/** `dryRun=All` (the only value the apiserver accepts besides none). */
function dryRunOf(value: string | null): boolean {
  if (value === null || value === '') return false;
  if (value === 'All') return true;
  throw badRequest(`dryRun: Unsupported value: "${value}": supported values: "All"`);
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function methodNotAllowed(method: string): KubeApiError {
  return new KubeApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}
