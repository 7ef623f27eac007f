import type { ClassReference } from '@meshplane/database';
import { CreateInventory1795224880268 } from './1795224880268-CreateInventory.js';

/** Hand-written (they carry RLS and a SECURITY DEFINER function); never edited once landed. */
export const INVENTORY_MIGRATIONS: ClassReference[] = [CreateInventory1795224880268];
