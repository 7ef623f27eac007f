import type { ClassReference } from '@meshplane/database';
import { KindSyncEntity } from './kind-sync.entity.js';
import { ResourceHistoryEntity } from './resource-history.entity.js';
import { ResourceEntity } from './resource.entity.js';

export const INVENTORY_ENTITIES: ClassReference[] = [ResourceEntity, ResourceHistoryEntity, KindSyncEntity];
