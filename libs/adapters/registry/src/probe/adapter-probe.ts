import { createHash } from 'node:crypto';
import { Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { adapterV1, grpcHealthV1 } from '@meshplane/contracts/grpc';
import { type CheckedAdapterAddress } from '../address/adapter-address.policy.js';
import type { ClientIdentity } from '../config/registry.config.js';
import type { AdapterCatalogue, AdapterTls, OperationRecord } from '../entities/adapter-catalogue.js';
import { type CheckOutcome } from '../health/health-state.js';
import { adapterChannel } from './adapter-channel.js';

export interface ProbeResult {
  readonly outcome: CheckOutcome;
  /** Read when the adapter serves. */
  readonly catalogue?: AdapterCatalogue;
}

/** Components are read page by page up to this many: a bound on what one adapter may make the broker store. */
const MAX_COMPONENTS = 2_000;
const MAX_ERROR = 500;
const ADAPTER_SERVICE = 'meshplane.adapter.v1.AdapterService';

/**
 * One check of one adapter: grpc.health.v1 for the adapter service, then GetInfo and the catalogue, each call
 * under its own deadline, on a channel opened for this check only and closed after it. Takes an address the
 * policy already allowed (it dials `dial`, never the name).
 */
export async function probeAdapter(
  target: CheckedAdapterAddress,
  tls: AdapterTls | null,
  timeoutMs: number,
  identity?: ClientIdentity,
): Promise<ProbeResult> {
  // One attempt per check: the backoff between checks is the registry's, not the channel's.
  const { credentials: channelCredentials, options } = adapterChannel(target, tls, timeoutMs, identity);
  const health = new grpcHealthV1.HealthClient(target.dial, channelCredentials, options);
  const adapter = new adapterV1.AdapterServiceClient(target.dial, channelCredentials, options);
  const call = <Req, Res>(
    client: Client,
    method: (
      req: Req,
      md: Metadata,
      opts: { deadline: Date },
      cb: (e: ServiceError | null, r: Res) => void,
    ) => void,
    request: Req,
  ) =>
    new Promise<Res>((resolve, reject) =>
      method.call(
        client,
        request,
        new Metadata(),
        { deadline: new Date(Date.now() + timeoutMs) },
        (error, response) => (error ? reject(error) : resolve(response)),
      ),
    );
  try {
    let status: grpcHealthV1.HealthCheckResponse_ServingStatus;
    try {
      status = (await call(health, health.check, { service: ADAPTER_SERVICE })).status;
    } catch (error) {
      return { outcome: { kind: 'unreachable', error: errorText(error) } };
    }
    if (status !== grpcHealthV1.HealthCheckResponse_ServingStatus.SERVING) {
      return {
        outcome: {
          kind: 'not-serving',
          error: `health check answered ${grpcHealthV1.healthCheckResponse_ServingStatusToJSON(status)}`,
        },
      };
    }
    try {
      const info = (await call(adapter, adapter.getInfo, {})).info;
      if (!info) return { outcome: { kind: 'not-serving', error: 'GetInfo answered no info' } };
      const { operations } = await call(adapter, adapter.listOperations, {});
      const { rules } = await call(adapter, adapter.listFingerprints, {});
      const components: adapterV1.ComponentDefinition[] = [];
      let pageToken = '';
      do {
        const page = await call(adapter, adapter.listComponents, { pageToken, pageSize: 0 });
        components.push(...page.components);
        pageToken = page.nextPageToken;
      } while (pageToken !== '' && components.length < MAX_COMPONENTS);
      return {
        outcome: { kind: 'serving' },
        catalogue: {
          info: {
            name: info.name,
            version: info.version,
            mesh: info.mesh,
            supportedMeshVersions: info.supportedMeshVersions,
            features: info.features,
          },
          operations: operations.map(operationRecord),
          components: components.slice(0, MAX_COMPONENTS).map((c) => ({
            kind: c.kind,
            apiVersion: c.apiVersion,
            model: c.model,
            modelVersion: c.modelVersion,
            displayName: c.displayName,
            description: c.description,
            schema: c.schema ?? {},
          })),
          fingerprints: rules.map((rule) => rule.document ?? {}),
        },
      };
    } catch (error) {
      return { outcome: { kind: 'not-serving', error: `catalogue: ${errorText(error)}` } };
    }
  } finally {
    health.close();
    adapter.close();
  }
}

/** Stable digest of a catalogue (keys sorted), so that re-reading the same catalogue is no change. */
export function catalogueDigest(catalogue: AdapterCatalogue): string {
  return createHash('sha256').update(stableJson(catalogue)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function operationRecord(op: adapterV1.OperationDefinition): OperationRecord {
  return {
    name: op.name,
    displayName: op.displayName,
    description: op.description,
    category: adapterV1.operationCategoryToJSON(op.category).replace(/^OPERATION_CATEGORY_/, ''),
    versions: op.versions,
    inputSchema: op.inputSchema ?? {},
    supportsDryRun: op.supportsDryRun,
    supportsDelete: op.supportsDelete,
    idempotent: op.idempotent,
  };
}

function errorText(error: unknown): string {
  const text = (error as ServiceError).details || (error as Error).message || String(error);
  return text.slice(0, MAX_ERROR);
}
