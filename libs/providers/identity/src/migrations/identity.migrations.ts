import type { ClassReference } from '@meshplane/database';
import { CreateIdentity1795225033178 } from './1795225033178-CreateIdentity.js';
import { CreateLoginThrottle1796400000000 } from './1796400000000-CreateLoginThrottle.js';
import { IndexRefreshTokensBySessionLookups1796400000001 } from './1796400000001-IndexRefreshTokensBySessionLookups.js';
import { AddLoginSessions1796500000001 } from './1796500000001-AddLoginSessions.js';
import { AddPasswordResets1796500000002 } from './1796500000002-AddPasswordResets.js';
import { AddOpenIdConnectLogins1796500000003 } from './1796500000003-AddOpenIdConnectLogins.js';
import { AddRemoteGrants1797100000000 } from './1797100000000-AddRemoteGrants.js';

/** Hand-written (they carry RLS and a SECURITY DEFINER function); never edited once landed. */
export const IDENTITY_MIGRATIONS: ClassReference[] = [
  CreateIdentity1795225033178,
  CreateLoginThrottle1796400000000,
  IndexRefreshTokensBySessionLookups1796400000001,
  AddLoginSessions1796500000001,
  AddPasswordResets1796500000002,
  AddOpenIdConnectLogins1796500000003,
  AddRemoteGrants1797100000000,
];
