import type { ClassReference } from '@meshplane/database';
import { CreateDiscoveryLeases1795224893597 } from './1795224893597-CreateDiscoveryLeases.js';

/** Hand-written (RLS and a SECURITY DEFINER function); never edited once landed. */
export const DISCOVERY_MIGRATIONS: ClassReference[] = [CreateDiscoveryLeases1795224893597];
