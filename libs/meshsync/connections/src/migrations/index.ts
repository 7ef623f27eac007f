import type { ClassReference } from '@meshplane/database';
import { CreateConnectionsAndClusters1795224874445 } from './1795224874445-CreateConnectionsAndClusters.js';
import { ClaimDuePingsOnClock1796510000000 } from './1796510000000-ClaimDuePingsOnClock.js';

/** Hand-written, schema-qualified; applied in this order after the other features' migrations. */
export const CONNECTIONS_MIGRATIONS: ClassReference[] = [
  CreateConnectionsAndClusters1795224874445,
  ClaimDuePingsOnClock1796510000000,
];
