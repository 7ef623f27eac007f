import { type JsonValue } from '@meshplane/graphql';
import { type AdapterEntity } from '../entities/adapter.entity.js';
import { AdapterHealth, type Adapter } from './models/adapter.model.js';

export function toAdapterModel(row: AdapterEntity): Adapter {
  const catalogue = row.catalogue;
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    operatorConfigured: row.orgId === null,
    tls: row.tls !== null,
    health: {
      status: AdapterHealth[row.health],
      lastError: row.lastError,
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
