import { ApiException, CoreV1Api, VersionApi } from '@kubernetes/client-node';
import { type GuardedKubeConfig } from '../client/kube-config.builder.js';
import { isKubeconfigError } from '../kubeconfig/kubeconfig-error.js';
import { ADDRESS_NOT_ALLOWED } from '../server-policy/policy-lookup.js';
import { checkServerUrl, type ServerUrlPolicy } from '../server-policy/server-url.policy.js';
import { boundedHttpLibrary } from './bounded-http.library.js';
import { ClusterProbeError } from './cluster-probe.error.js';

export interface ClusterProbe {
  /** The apiserver's `gitVersion`, e.g. `v1.31.2`. */
  readonly version: string;
  /** UID of the kube-system namespace: stable for the cluster's lifetime, the same through every context. */
  readonly clusterUid: string;
  readonly nodeCount: number;
}

export interface ProbeOptions {
  /** Budget for the whole probe (every request together); 10 s by default. */
  readonly timeoutMs?: number;
  /** Largest accepted response body; 4 MiB by default. */
  readonly maxResponseBytes?: number;
}

const NODE_PAGE_SIZE = 500;
const MAX_NODE_PAGES = 200;

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

/**
 * Connects with a KubeConfig from `buildKubeConfig` and reads what identifies and sizes the cluster. The server
 * is checked against the KubeConfig's policy first, and every connection's address again when it is opened.
 */
export async function probeCluster(kc: GuardedKubeConfig, options: ProbeOptions = {}): Promise<ClusterProbe> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const server = kc.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('The KubeConfig has no current cluster');
  await checkAllowed(server, kc.policy);
  const signal = AbortSignal.timeout(timeoutMs);
  const call = {
    httpApi: boundedHttpLibrary({
      signal,
      maxResponseBytes: options.maxResponseBytes ?? 4 * 1024 * 1024,
    }),
  };
  try {
    const version = await kc.makeApiClient(VersionApi).getCode({}, call);
    const core = kc.makeApiClient(CoreV1Api);
    const kubeSystem = await core.readNamespace({ name: 'kube-system' }, call);
    const nodeCount = await countNodes(core, call);
    return {
      version: requireText(version.gitVersion, 'version has no gitVersion'),
      clusterUid: requireText(kubeSystem.metadata?.uid, 'kube-system namespace has no uid'),
      nodeCount,
    };
  } catch (error) {
    throw classify(error, signal, timeoutMs);
  }
}

async function checkAllowed(server: string, policy: ServerUrlPolicy): Promise<void> {
  try {
    await checkServerUrl(server, policy);
  } catch (error) {
    if (!isKubeconfigError(error)) throw error;
    throw new ClusterProbeError('NOT_ALLOWED', `The cluster server is not allowed: ${error.reason}`, {
      cause: error,
    });
  }
}

async function countNodes(core: CoreV1Api, call: Parameters<CoreV1Api['listNode']>[1]): Promise<number> {
  let count = 0;
  let next: string | undefined;
  for (let page = 0; page < MAX_NODE_PAGES; page++) {
    const list = await core.listNode({ limit: NODE_PAGE_SIZE, ...(next && { _continue: next }) }, call);
    if (!Array.isArray(list.items)) throw new ClusterProbeError('BAD_RESPONSE', 'The node list has no items');
    count += list.items.length;
    next = list.metadata?._continue;
    if (!next) return count;
  }
  throw new ClusterProbeError('BAD_RESPONSE', `The node list did not end after ${MAX_NODE_PAGES} pages`);
}

function requireText(value: string | undefined, problem: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ClusterProbeError('BAD_RESPONSE', `The ${problem}`);
  return value;
}

function classify(error: unknown, signal: AbortSignal, timeoutMs: number): ClusterProbeError {
  if (error instanceof ClusterProbeError) return error;
  // Checked first: an abort surfaces as whatever the socket was doing when the budget ran out.
  if (signal.aborted) {
    return new ClusterProbeError('TIMEOUT', `The cluster did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  if (error instanceof ApiException) {
    const status = error.code as number;
    if (status === 401)
      return new ClusterProbeError('UNAUTHORIZED', 'The cluster refused the credentials', { cause: error });
    if (status === 403) {
      return new ClusterProbeError('FORBIDDEN', 'The credentials may not read namespaces or nodes', {
        cause: error,
      });
    }
    return new ClusterProbeError('BAD_RESPONSE', `The cluster answered HTTP ${status}`, { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === ADDRESS_NOT_ALLOWED) {
      return new ClusterProbeError(
        'NOT_ALLOWED',
        'The cluster server resolves to an address that is not allowed',
        {
          cause: error,
        },
      );
    }
    if (isTlsCode(code))
      return new ClusterProbeError('TLS', `TLS handshake failed (${code})`, { cause: error });
    if (UNREACHABLE_CODES.has(code)) {
      return new ClusterProbeError('UNREACHABLE', `The cluster server cannot be reached (${code})`, {
        cause: error,
      });
    }
  }
  return new ClusterProbeError(
    'BAD_RESPONSE',
    'The cluster answered with something that is not the Kubernetes API',
    {
      cause: error,
    },
  );
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code === 'EPROTO' ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  );
}
