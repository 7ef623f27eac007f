import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@meshplane/auth';
import type { ResolvedPrincipal, ResolvePrincipalRequest } from '@meshplane/contracts';
import { TenancyDirectory, UsersService } from '@meshplane/tenancy';
import { CLOCK, type Clock } from '../clock/clock.js';
import { IDENTITY_CONFIG, LOCAL_PROVIDER, type IdentityConfig } from '../config/identity.config.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { REVOCATION_STORE, type RevocationStore } from '../tokens/token.stores.js';
import { PrincipalRejectedError } from './principal-rejection.js';

/** The gateway may reuse an answer this long at most, so role changes and revocations bite within it. */
export const PRINCIPAL_CACHE_MS = 30_000;

export interface RemoteProfile {
  email?: string;
  name?: string;
}

/** Who holds a verified token inside Meshplane: the user, the organization the request runs in, the roles there. */
@Injectable()
export class PrincipalResolutionService {
  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersService,
    private readonly directory: TenancyDirectory,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async resolve(request: ResolvePrincipalRequest): Promise<ResolvedPrincipal> {
    const expiresAt = new Date(request.expiresAt);
    if (expiresAt.getTime() <= this.clock()) throw new PrincipalRejectedError('TOKEN_EXPIRED');
    if (await this.revocations.isRevoked(request.tokenId)) throw new PrincipalRejectedError('TOKEN_REVOKED');
    const userId = await this.userOf(request.provider, request.subject);
    return this.inOrganization(userId, request.orgId, expiresAt);
  }

  /** The organization (asked for, else the default one) and roles of an active user, as the gateway caches them. */
  async inOrganization(
    userId: string,
    orgId: string | undefined,
    expiresAt: Date,
  ): Promise<ResolvedPrincipal> {
    await this.assertActive(userId);
    const { org, roles } = await this.membership(userId, orgId);
    return {
      userId,
      ...(org === undefined ? {} : { orgId: org }),
      roles,
      cacheUntil: new Date(Math.min(expiresAt.getTime(), this.clock() + PRINCIPAL_CACHE_MS)).toISOString(),
    };
  }

  /**
   * The user a provider's subject stands for. The local provider signs for Meshplane users, so its subject is the
   * user id. A remote subject seen for the first time (its token used before any login through Meshplane) gets a
   * user of its own; the profile arrives at its first login.
   */
  async userOf(provider: string, subject: string): Promise<string> {
    if (provider === LOCAL_PROVIDER) {
      const user = isUuid(subject) ? await this.users.findById(subject) : undefined;
      if (!user) throw new PrincipalRejectedError('TOKEN_UNKNOWN');
      return user.id;
    }
    if (!this.config.REMOTE_PROVIDERS.some((entry) => entry.name === provider)) {
      throw new PrincipalRejectedError('TOKEN_UNKNOWN');
    }
    return (await this.identities.userIdOf(provider, subject)) ?? this.enrol(provider, subject, {}, false);
  }

  /**
   * Links a remote identity to a user, creating the user when needed. A profile email already taken by another
   * user is not trusted to link the two: a provider claiming someone else's address would otherwise take over
   * their account. Such identities get a user with a placeholder address until an admin links them.
   */
  async enrol(provider: string, subject: string, profile: RemoteProfile, loggedIn: boolean): Promise<string> {
    const known = await this.identities.userIdOf(provider, subject);
    if (known !== undefined) {
      await this.identities.link({ provider, subject, userId: known, ...emailOf(profile) }, loggedIn);
      return known;
    }
    const free = profile.email !== undefined && !(await this.users.findByEmail(profile.email));
    const user = await this.users.upsertByEmail({
      email: free && profile.email !== undefined ? profile.email : placeholderEmail(provider, subject),
      displayName: displayName(profile.name ?? subject),
    });
    return this.identities.link({ provider, subject, userId: user.id, ...emailOf(profile) }, loggedIn);
  }

  private async membership(
    userId: string,
    orgId: string | undefined,
  ): Promise<{ org: string | undefined; roles: Role[] }> {
    if (orgId !== undefined) {
      const role = await this.directory.roleIn(userId, orgId);
      if (role === undefined) throw new PrincipalRejectedError('NOT_A_MEMBER');
      return { org: orgId, roles: [role] };
    }
    const [first] = await this.directory.membershipsOf(userId);
    return first === undefined ? { org: undefined, roles: [] } : { org: first.orgId, roles: [first.role] };
  }

  private async assertActive(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new PrincipalRejectedError('TOKEN_UNKNOWN');
    if (user.disabledAt !== null) throw new PrincipalRejectedError('USER_DISABLED');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: string): boolean {
  return UUID.test(value);
}

function emailOf(profile: RemoteProfile): { email?: string } {
  return profile.email === undefined ? {} : { email: profile.email };
}

/** Deterministic, so two racing first sightings of one subject upsert the same user; `.invalid` never delivers. */
function placeholderEmail(provider: string, subject: string): string {
  const digest = createHash('sha256').update(`${provider}\n${subject}`).digest('hex').slice(0, 24);
  return `${provider}.${digest}@identities.invalid`;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function displayName(raw: string): string {
  const cleaned = [...raw.replace(CONTROL, ' ').trim()].slice(0, 100).join('');
  return cleaned === '' ? 'Unnamed user' : cleaned;
}
