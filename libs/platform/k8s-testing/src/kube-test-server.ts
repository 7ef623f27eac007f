import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { KubeApiError, notFound } from './api-error.js';
import { type PatchType, ClusterState } from './cluster-state.js';
import {
  acceptsJson,
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
  wantsAggregated,
} from './discovery/discovery-documents.js';
import { type FaultMode, FaultInjector } from './http/fault-injector.js';
import { sendError, sendJson } from './http/http-io.js';
import { serveResource } from './http/resource-handler.js';
import { parseApiPath } from './http/resource-path.js';
import { type KubeObject, type KubeObjectInput } from './kube-object.js';
import { buildKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
import { runList, type ListOptions } from './list-query.js';
import { parseStored } from './store/stored-object.js';
import { WorkloadController, type WorkloadControllerOptions } from './sandbox/workload-controller.js';
import { WatchHub } from './watch/watch-hub.js';

export interface KubeTestServerOptions {
  /** Port on 127.0.0.1; a free one by default. */
  port?: number;
  /** Bearer token the server accepts; random by default. */
  token?: string;
  /** How many change events are kept for watch replay and pagination before older RVs answer 410. */
  compactionWindow?: number;
  /** Interval between BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs?: number;
  /** UID of the kube-system namespace (the cluster's identity); random by default. */
  clusterUid?: string;
  /**
   * Runs the simulated workload controller (see `WorkloadController`): workloads get pods that become Ready,
   * namespaces that ask for a mesh get its sidecar. Off by default; the sandbox turns it on.
   */
  controller?: boolean | WorkloadControllerOptions;
}

export interface KubeTestServer {
  readonly url: string;
  readonly token: string;
  readonly clusterUid: string;
  kubeconfig(options?: KubeconfigOptions): string;
  create(obj: KubeObjectInput): KubeObject;
  /** Create, or replace whatever is there (no resourceVersion precondition). */
  apply(obj: KubeObjectInput): KubeObject;
  patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type?: PatchType,
  ): KubeObject;
  replace(obj: KubeObjectInput): KubeObject;
  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    options?: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>,
  ): KubeObject[];
  /** Fast seeding: skips HTTP and per-object bookkeeping, creates missing namespaces, replaces existing objects. */
  bulkLoad(objects: readonly KubeObjectInput[]): number;
  resourceVersion(): string;
  /** Forgets change history but the newest `keepLast` events: older resourceVersions now answer 410 Gone. */
  compact(keepLast?: number): void;
  /** Ends every open watch (cleanly by default; `abrupt` destroys the connections). */
  dropWatches(options?: { abrupt?: boolean }): void;
  openWatches(): number;
  setFault(mode: FaultMode, match?: RegExp): void;
  requestCount(): number;
  stop(): Promise<void>;
}

const DEFAULT_COMPACTION_WINDOW = 100_000;
const DEFAULT_BOOKMARK_INTERVAL_MS = 1_000;

/** Starts an in-process Kubernetes API test double on 127.0.0.1. */
export async function startKubeTestServer(options: KubeTestServerOptions = {}): Promise<KubeTestServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const clusterUid = options.clusterUid ?? randomUUID();
  // The hub reads the store's resourceVersion while the store publishes to the hub: bind one side late.
  const currentRv = { read: () => 0 };
  const hub = new WatchHub(options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS, () =>
    currentRv.read(),
  );
  const controllerRef: { current?: WorkloadController } = {};
  const cluster = new ClusterState({
    compactionWindow: options.compactionWindow ?? DEFAULT_COMPACTION_WINDOW,
    clusterUid,
    onChange: (event) => {
      hub.publish(event);
      controllerRef.current?.notice(event);
    },
  });
  currentRv.read = () => cluster.store.currentRv;
  if (options.controller) {
    controllerRef.current = new WorkloadController(
      cluster,
      options.controller === true ? {} : options.controller,
    );
  }
  const faults = new FaultInjector();
  const handler = new RequestHandler(cluster, hub, faults, token);
  const server = createServer((req, res) => handler.handle(req, res));
  await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler.serverAddress = url.slice('http://'.length);
  return new InProcessKubeTestServer(
    url,
    token,
    clusterUid,
    cluster,
    hub,
    faults,
    handler,
    server,
    controllerRef.current,
  );
}

class RequestHandler {
  requests = 0;
  serverAddress = '';

  constructor(
    private readonly cluster: ClusterState,
    private readonly hub: WatchHub,
    private readonly faults: FaultInjector,
    private readonly token: string,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (this.faults.intercept(url.pathname, res)) return;
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      sendError(res, new KubeApiError(401, 'Unauthorized', 'Unauthorized'));
      req.resume();
      return;
    }
    this.route(url, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendError(res, error);
    });
  }

  private async route(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (url.pathname === '/version') return sendJson(res, 200, SERVER_VERSION);
    if (['/healthz', '/livez', '/readyz'].includes(url.pathname))
      return sendJson(res, 200, 'ok', 'text/plain');
    const target = parseApiPath(url.pathname);
    if (!target) throw notFound('', url.pathname);
    if (target.kind === 'resource') return serveResource(this.cluster, this.hub, target, url, req, res);
    if (req.method !== 'GET')
      throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method');
    const accept = req.headers.accept;
    const registry = this.cluster.registry;
    switch (target.kind) {
      case 'root-discovery':
        if (wantsAggregated(accept)) {
          return sendJson(res, 200, aggregatedDiscovery(registry, target.legacy), AGGREGATED_CONTENT_TYPE);
        }
        if (!acceptsJson(accept))
          throw new KubeApiError(
            406,
            'NotAcceptable',
            `only the following media types are accepted: application/json, ${AGGREGATED_CONTENT_TYPE}`,
          );
        return sendJson(res, 200, target.legacy ? apiVersions(this.serverAddress) : apiGroupList(registry));
      case 'group': {
        const group = registry.groups().find((g) => g.group === target.group && g.group !== '');
        if (!group)
          throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
        return sendJson(res, 200, apiGroup(group.group, group.versions));
      }
      case 'version':
        if (!registry.servesVersion(target.group, target.version)) {
          throw new KubeApiError(404, 'NotFound', 'the server could not find the requested resource');
        }
        return sendJson(res, 200, apiResourceList(registry, target.group, target.version));
    }
  }
}

class InProcessKubeTestServer implements KubeTestServer {
  constructor(
    readonly url: string,
    readonly token: string,
    readonly clusterUid: string,
    private readonly cluster: ClusterState,
    private readonly hub: WatchHub,
    private readonly faults: FaultInjector,
    private readonly handler: RequestHandler,
    private readonly server: Server,
    private readonly controller: WorkloadController | undefined,
  ) {}

  kubeconfig(options?: KubeconfigOptions): string {
    return buildKubeconfig(this.url, this.token, options);
  }

  create(obj: KubeObjectInput): KubeObject {
    const type = this.cluster.typeOf(obj.apiVersion, obj.kind);
    return parseStored(this.cluster.create(type, '', toPlain(obj)));
  }

  apply(obj: KubeObjectInput): KubeObject {
    const type = this.cluster.typeOf(obj.apiVersion, obj.kind);
    return parseStored(this.cluster.apply(type, '', toPlain(obj)));
  }

  replace(obj: KubeObjectInput): KubeObject {
    const type = this.cluster.typeOf(obj.apiVersion, obj.kind);
    const plain = toPlain(obj);
    const name = plain.metadata.name ?? '';
    return parseStored(this.cluster.replace(type, plain.metadata.namespace ?? '', name, plain));
  }

  patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
  ): KubeObject {
    const resource = this.cluster.typeOf(apiVersion, kind);
    const context =
      type === 'apply' ? { viaApi: false, fieldManager: 'kube-test-server', force: true } : undefined;
    return parseStored(this.cluster.patch(resource, namespace ?? '', name, type, toJson(patch), context));
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject {
    return parseStored(this.cluster.delete(this.cluster.typeOf(apiVersion, kind), namespace ?? '', name));
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = this.cluster.typeOf(apiVersion, kind);
    const stored = this.cluster.store.get(type, type.namespaced ? (namespace ?? '') : '', name);
    return stored ? parseStored(stored) : undefined;
  }

  list(
    apiVersion: string,
    kind: string,
    namespace = '',
    options: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {},
  ): KubeObject[] {
    const type = this.cluster.typeOf(apiVersion, kind);
    return runList(this.cluster.store, type, namespace, options).items.map(parseStored);
  }

  bulkLoad(objects: readonly KubeObjectInput[]): number {
    return this.cluster.bulkLoad(objects);
  }

  resourceVersion(): string {
    return String(this.cluster.store.currentRv);
  }

  compact(keepLast = 0): void {
    this.cluster.store.compact(keepLast);
  }

  dropWatches(options: { abrupt?: boolean } = {}): void {
    this.hub.dropAll(options.abrupt ?? false);
  }

  openWatches(): number {
    return this.hub.count();
  }

  setFault(mode: FaultMode, match?: RegExp): void {
    this.faults.set(mode, match);
  }

  requestCount(): number {
    return this.handler.requests;
  }

  async stop(): Promise<void> {
    this.controller?.stop();
    this.hub.stop();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** client-node model classes (Date timestamps, class instances) become the JSON the wire would carry. */
function toPlain(obj: KubeObjectInput): KubeObject {
  return toJson(obj) as KubeObject;
}

function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
