import { type Caller, type JsonValue } from '@meshplane/graphql';
import { type AdapterEntity } from '../entities/adapter.entity.js';
import { AdapterHealth, type Adapter } from './models/adapter.model.js';

/**
 * The API shape of an adapter row. Where the operator's adapters run (their addresses, and the errors that name
 * hosts and ports) is the hosted deployment's internal network: only platform operators see it; every
 * organization sees the adapter's health status and catalogue.
 */
export function toAdapterModel(row: AdapterEntity, caller: Caller): Adapter {
  const catalogue = row.catalogue;
  const internal = row.orgId === null && caller.platformOperator !== true;
  return {
    id: row.id,
    name: row.name,
    address: internal ? null : row.address,
    operatorConfigured: row.orgId === null,
    tls: row.tls !== null,
    health: {
      status: AdapterHealth[row.health],
      lastError: internal ? null : row.lastError,
      lastCheckedAt: row.lastCheckedAt,
      nextCheckAt: row.nextCheckAt,
      consecutiveFailures: row.consecutiveFailures,
    },
    info: catalogue
      ? {
          ...catalogue.info,
          supportedMeshVersions: [...catalogue.info.supportedMeshVersions],
          features: [...catalogue.info.features],
        }
      : null,
    operations: (catalogue?.operations ?? []).map((op) => ({
      ...op,
      versions: [...op.versions],
      inputSchema: op.inputSchema as JsonValue,
    })),
    components: (catalogue?.components ?? []).map((c) => ({ ...c, schema: c.schema as JsonValue })),
    fingerprintRules: (catalogue?.fingerprints ?? []).map((rule) => rule as JsonValue),
    createdAt: row.createdAt,
  };
}
