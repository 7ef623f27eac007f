import { createHash } from 'node:crypto';
import { defineEvent } from '../messaging/event.definition.js';
import { clusterSyncStatusSchema } from './cluster-sync-status.schema.js';
import { discoveryStream } from './discovery.stream.js';
import {
  resourceChangesSchema,
  syncMarkerSchema,
  type ResourceChanges,
  type ResourceKind,
} from './resource-changes.schema.js';

/** A NATS-safe token for a kind: `<group|core>_<version>_<Kind>` with dots as dashes. */
export function kindToken(kind: Pick<ResourceKind, 'group' | 'version' | 'kind'>): string {
  return `${kind.group === '' ? 'core' : kind.group}_${kind.version}_${kind.kind}`.replace(/[.\s*>]/g, '-');
}

/** `discovery.v1.<org>.<cluster>.<kind>.<changes|sync>`: consumers filter per org, cluster or kind. */
export function discoverySubject(orgId: string, clusterId: string, kind: ResourceKind, what: string): string {
  return `discovery.v1.${orgId}.${clusterId}.${kindToken(kind)}.${what}`;
}

/**
 * Dedup id from each object's uid and resourceVersion, and the sync it belongs to: a republished page or
 * event is stored once, but a new list of unchanged objects (a relist within the duplicate window) is a
 * new sync whose pages must arrive, or its completed marker's count is never reached.
 */
export function resourceChangesMsgId(payload: ResourceChanges): string {
  const hash = createHash('sha256');
  for (const change of payload.changes)
    hash.update(`${change.type}:${change.uid}@${change.resourceVersion}#${change.syncId ?? ''};`);
  return `rc:${payload.clusterId}:${hash.digest('base64url')}`;
}

export const resourceChangesEvent = defineEvent({
  name: 'ResourceChanges',
  version: 1,
  stream: discoveryStream,
  schema: resourceChangesSchema,
  subject: (p) => discoverySubject(p.orgId, p.clusterId, p.kind, 'changes'),
  msgId: resourceChangesMsgId,
});

export const syncMarkerEvent = defineEvent({
  name: 'SyncMarker',
  version: 1,
  stream: discoveryStream,
  schema: syncMarkerSchema,
  subject: (p) => discoverySubject(p.orgId, p.clusterId, p.kind, 'sync'),
  msgId: (p) => `sync:${p.clusterId}:${kindToken(p.kind)}:${p.syncId}:${p.phase}`,
});

/** `discovery.v1.<org>.<cluster>.status`: one token shorter than the kind subjects, so no kind filter takes it. */
export const clusterSyncStatusEvent = defineEvent({
  name: 'ClusterSyncStatusChanged',
  version: 1,
  stream: discoveryStream,
  schema: clusterSyncStatusSchema,
  subject: (p) => `discovery.v1.${p.orgId}.${p.clusterId}.status`,
  msgId: (p) => `status:${p.clusterId}:${p.at}:${p.phase}:${p.kindsCommitted}/${p.kindsTotal}`,
});
