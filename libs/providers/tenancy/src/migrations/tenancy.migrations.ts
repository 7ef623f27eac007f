import type { ClassReference } from '@meshplane/database';
import { CreateTenancy1795224841016 } from './1795224841016-CreateTenancy.js';

/** Hand-written (they carry RLS and SECURITY DEFINER functions); never edited once landed. */
export const TENANCY_MIGRATIONS: ClassReference[] = [CreateTenancy1795224841016];
