import type { ClassReference } from '@meshplane/database';
import { ResourceHistoryEntity } from './resource-history.entity.js';
import { ResourceEntity } from './resource.entity.js';

export const INVENTORY_ENTITIES: ClassReference[] = [ResourceEntity, ResourceHistoryEntity];
