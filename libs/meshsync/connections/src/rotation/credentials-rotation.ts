import { type DataSource } from 'typeorm';
import { needsResealing, rotateSealed, type CredentialKeyring } from '@meshplane/k8s';
import { systemClock } from '@meshplane/runtime';
import { ConnectionsRepository } from '../persistence/connections.repository.js';
import { CrossTenantRepository } from '../persistence/cross-tenant.repository.js';

export interface RotationOptions {
  /** Connections per batch (one cross-tenant id scan each); 100 by default. */
  readonly batchSize?: number;
  /** Resume after this connection id (the `lastId` a previous run reported). */
  readonly after?: string;
  readonly onBatch?: (progress: RotationReport) => void;
}

export interface RotationReport {
  /** Connections with credentials looked at. */
  readonly scanned: number;
  /** Of those, re-sealed under the newest key by this run. */
  readonly resealed: number;
  /** The last connection id scanned: pass it as `after` to resume. */
  readonly lastId?: string;
}

/**
 * Re-seals every connection's credentials under the keyring's newest key. Idempotent (values already under
 * it are skipped without a write) and resumable (walks connection ids in order). Each connection is updated in
 * its tenant's own transaction, and only if its credentials are unchanged since read, so a concurrent delete
 * or re-import is never overwritten. Once it reports zero re-sealed, operators may drop the old keys.
 */
export async function rotateConnectionCredentials(
  dataSource: DataSource,
  keyring: CredentialKeyring,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 100;
  const crossTenant = new CrossTenantRepository(dataSource, systemClock);
  const connections = new ConnectionsRepository(dataSource, systemClock);
  const openingKeys = [keyring.currentKeyB64, ...(keyring.keysB64 ?? [])];
  let report: RotationReport = { scanned: 0, resealed: 0, ...(options.after && { lastId: options.after }) };
  for (;;) {
    const batch = await crossTenant.sealedConnectionsAfter(report.lastId, batchSize);
    let resealed = 0;
    for (const { orgId, connectionId } of batch) {
      const row = await connections.find(orgId, connectionId);
      if (!row?.credentials || !needsResealing(row.credentials, keyring.currentKeyB64)) continue;
      const next = rotateSealed(row.credentials, keyring.currentKeyB64, openingKeys, row.id);
      if (await connections.replaceCredentials(orgId, row.id, row.credentials, next)) resealed++;
    }
    const lastId = batch.at(-1)?.connectionId ?? report.lastId;
    report = {
      scanned: report.scanned + batch.length,
      resealed: report.resealed + resealed,
      ...(lastId && { lastId }),
    };
    options.onBatch?.(report);
    if (batch.length < batchSize) return report;
  }
}
