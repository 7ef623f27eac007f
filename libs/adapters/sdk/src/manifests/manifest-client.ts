import {
  ApiException,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type ResponseContext,
  type V1APIResource,
} from '@kubernetes/client-node';
import {
  buildKubeConfig,
  GuardedKubeConfig,
  parseUntrustedKubeconfig,
  type ServerUrlPolicy,
} from '@meshplane/k8s';

/**
 * The cluster to work on: a kubeconfig built by `buildKubeConfig` (every connection vetted by the server URL
 * policy), or the kubeconfig text an operation received (`ctx.target.kubeconfig`) with the policy to build it
 * under. Raw text is never handed to client-node's `loadFromString` (it would honour exec, files and proxies).
 */
export type ClusterAccess = GuardedKubeConfig | { kubeconfig: string; policy: ServerUrlPolicy };

export function guardedKubeConfig(cluster: ClusterAccess): GuardedKubeConfig {
  if (cluster instanceof GuardedKubeConfig) return cluster;
  if (typeof cluster !== 'object' || typeof (cluster as { kubeconfig?: unknown }).kubeconfig !== 'string') {
    throw new TypeError('a GuardedKubeConfig (buildKubeConfig) or { kubeconfig, policy } is required');
  }
  const [context, ...others] = parseUntrustedKubeconfig(cluster.kubeconfig).contexts;
  if (!context) throw new TypeError('the kubeconfig has no usable context');
  if (others.length > 0) throw new TypeError('the kubeconfig must hold exactly one context');
  return buildKubeConfig(context, cluster.policy);
}

/** KubernetesObjectApi plus the one question it answers only to subclasses: is a kind namespaced? */
export class ManifestClient extends KubernetesObjectApi {
  static forCluster(cluster: ClusterAccess): ManifestClient {
    const kc = guardedKubeConfig(cluster);
    const client = kc.makeApiClient(ManifestClient);
    client.setDefaultNamespace(kc);
    return client;
  }

  /** The served resource of a kind, `undefined` when the API group/version or the kind is not served. */
  async resourceOf(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    try {
      return await this.resource(apiVersion, kind);
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  get namespaceByDefault(): string {
    return this.defaultNamespace;
  }

  /** The answer of server-side apply, and whether it created the object (the apiserver answers 201 then). */
  async serverSideApply<T extends KubernetesObject>(
    obj: T,
    options: { fieldManager: string; force: boolean; dryRun: boolean },
  ): Promise<{ object: T; created: boolean }> {
    const object = await this.patch(
      obj,
      undefined,
      options.dryRun ? 'All' : undefined,
      options.fieldManager,
      options.force,
      PatchStrategy.ServerSideApply,
    );
    return { object, created: this.statusCodes.get(object) === 201 };
  }

  /** The HTTP status of each answer, by the object it was decoded to (client-node returns only the object). */
  private readonly statusCodes = new WeakMap<object, number>();

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
    type?: string,
  ): Promise<T> {
    const decoded = await super.processResponse<T>(response, type);
    if (typeof decoded === 'object' && decoded !== null)
      this.statusCodes.set(decoded, response.httpStatusCode);
    return decoded;
  }

  /** The object, or `undefined` on 404. */
  async readIfExists<T extends KubernetesObject>(obj: T): Promise<T | undefined> {
    try {
      return (await this.read(obj as T & { metadata: { name: string } })) as T;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }
}

export function statusCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** The apiserver's Status of a failed call, when the body is one. */
export function statusOf(error: unknown): KubeStatusBody | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null ? (parsed as KubeStatusBody) : undefined;
}

export interface KubeStatusBody {
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

/** A short, credential-free description of a failed call. */
export function errorMessage(error: unknown): string {
  const status = statusOf(error);
  if (status?.message) return `${status.code ?? statusCode(error) ?? ''} ${status.message}`.trim();
  if (error instanceof ApiException) return `HTTP ${error.code}`;
  return error instanceof Error ? error.message : String(error);
}
