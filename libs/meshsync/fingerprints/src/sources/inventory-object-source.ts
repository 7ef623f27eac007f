import { Injectable } from '@nestjs/common';
import { InventoryQuery } from '@meshplane/meshsync-inventory';
import type { ClusterObject, ObjectQuery, ObjectSource } from '../engine/cluster-object.js';

/** The inventory's live objects, as the fingerprint engine reads them. */
@Injectable()
export class InventoryObjectSource implements ObjectSource {
  constructor(private readonly inventory: InventoryQuery) {}

  list(orgId: string, clusterId: string, query: ObjectQuery): Promise<ClusterObject[]> {
    return this.inventory.listAll(orgId, clusterId, {
      kinds: query.kinds,
      ...(query.namespace === undefined ? {} : { namespace: query.namespace }),
    });
  }
}
