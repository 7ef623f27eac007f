import type { ClassReference } from '@meshplane/database';
import { CreateInventory1795224880268 } from './1795224880268-CreateInventory.js';
import { CreateKindSyncs1795227205422 } from './1795227205422-CreateKindSyncs.js';
import { AddKindSyncsReconciled1795229051735 } from './1795229051735-AddKindSyncsReconciled.js';
import { ResourcesFillfactor1795229329886 } from './1795229329886-ResourcesFillfactor.js';
import { AddKindSyncsReconciledListVersion1795230900000 } from './1795230900000-AddKindSyncsReconciledListVersion.js';
import { AddKindSyncsPendingSync1795231000000 } from './1795231000000-AddKindSyncsPendingSync.js';
import { AddKindSyncsPendingStored1795232000000 } from './1795232000000-AddKindSyncsPendingStored.js';

/** Hand-written (they carry RLS and a SECURITY DEFINER function); never edited once landed. */
export const INVENTORY_MIGRATIONS: ClassReference[] = [
  CreateInventory1795224880268,
  CreateKindSyncs1795227205422,
  AddKindSyncsReconciled1795229051735,
  ResourcesFillfactor1795229329886,
  AddKindSyncsReconciledListVersion1795230900000,
  AddKindSyncsPendingSync1795231000000,
  AddKindSyncsPendingStored1795232000000,
];
