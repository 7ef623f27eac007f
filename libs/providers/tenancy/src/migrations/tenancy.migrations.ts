import type { ClassReference } from '@meshplane/database';
import { CreateTenancy1795224841016 } from './1795224841016-CreateTenancy.js';
import { AddOrganizationSuspensions1796368456951 } from './1796368456951-AddOrganizationSuspensions.js';
import { AddOrganizationIdBySlug1796500000000 } from './1796500000000-AddOrganizationIdBySlug.js';

/** Generated, then extended by hand where they carry RLS and SECURITY DEFINER functions; never edited once landed. */
export const TENANCY_MIGRATIONS: ClassReference[] = [
  CreateTenancy1795224841016,
  AddOrganizationSuspensions1796368456951,
  AddOrganizationIdBySlug1796500000000,
];
