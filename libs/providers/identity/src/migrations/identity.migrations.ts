import type { ClassReference } from '@meshplane/database';
import { CreateIdentity1795225033178 } from './1795225033178-CreateIdentity.js';
import { CreateLoginThrottle1796400000000 } from './1796400000000-CreateLoginThrottle.js';
import { IndexRefreshTokensBySessionLookups1796400000001 } from './1796400000001-IndexRefreshTokensBySessionLookups.js';

/** Hand-written (they carry RLS and a SECURITY DEFINER function); never edited once landed. */
export const IDENTITY_MIGRATIONS: ClassReference[] = [
  CreateIdentity1795225033178,
  CreateLoginThrottle1796400000000,
  IndexRefreshTokensBySessionLookups1796400000001,
];
