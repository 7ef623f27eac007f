import type { ClassReference } from '@meshplane/database';
import { DiscoveryLeaseEntity } from './discovery-lease.entity.js';
import { DiscoveryReplicaEntity } from './discovery-replica.entity.js';

export const DISCOVERY_ENTITIES: ClassReference[] = [DiscoveryLeaseEntity, DiscoveryReplicaEntity];
