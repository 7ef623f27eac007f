import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@meshplane/auth';
import type { ResolvedPrincipal, ResolvePrincipalRequest } from '@meshplane/contracts';
import { isUuid } from '@meshplane/graphql';
import { TenancyDirectory, UsersService } from '@meshplane/providers-tenancy';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, LOCAL_PROVIDER, type IdentityConfig } from '../config/identity.config.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { displayName, placeholderEmail } from '../identities/profile.js';
import { PlatformOperatorsService } from '../operators/platform-operators.service.js';
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
    private readonly clock: Clock,
    private readonly operators: PlatformOperatorsService,
  ) {}

  /** A provider-signed token's holder: the only kind of principal that may carry the platform-operator role. */
  async resolve(request: ResolvePrincipalRequest): Promise<ResolvedPrincipal> {
    const expiresAt = new Date(request.expiresAt);
    if (expiresAt.getTime() <= this.clock.nowMs()) throw new PrincipalRejectedError('TOKEN_EXPIRED');
    if (await this.revocations.isRevoked(request.tokenId)) throw new PrincipalRejectedError('TOKEN_REVOKED');
    const userId = await this.userOf(request.provider, request.subject);
    return this.inOrganization(userId, request.orgId, expiresAt, await this.operators.isOperator(userId));
  }

  /**
   * The organization (asked for, else the default one) and roles of an active user, as the gateway caches them.
   * A suspended organization refuses its members; a platform operator is not refused (so the one who can lift the
   * suspension is never locked out) but acts in no organization and holds no role there.
   */
  async inOrganization(
    userId: string,
    orgId: string | undefined,
    expiresAt: Date,
    platformOperator = false,
  ): Promise<ResolvedPrincipal> {
    await this.assertActive(userId);
    const { org, roles } = await this.membership(userId, orgId, platformOperator);
    return {
      userId,
      ...(org === undefined ? {} : { orgId: org }),
      roles,
      ...(platformOperator ? { platformOperator: true as const } : {}),
      cacheUntil: new Date(
        Math.min(expiresAt.getTime(), this.clock.nowMs() + PRINCIPAL_CACHE_MS),
      ).toISOString(),
    };
  }

  /**
   * What an API token verified as, refused when its organization is suspended. Whatever the token's holder is,
   * an API token never carries the platform-operator role: it is a delegated, long-lived credential, and the
   * role must need a sign-in through a provider.
   */
  async forApiToken(principal: ResolvedPrincipal): Promise<ResolvedPrincipal> {
    const { platformOperator: _dropped, ...withoutOperator } = principal;
    if (principal.orgId !== undefined) {
      const org = principal.orgId.toLowerCase();
      const membership = (await this.directory.membershipsOf(principal.userId)).find((m) => m.orgId === org);
      if (membership?.suspended) throw new PrincipalRejectedError('ORGANIZATION_SUSPENDED');
    }
    return withoutOperator;
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
      email:
        free && profile.email !== undefined
          ? profile.email
          : placeholderEmail(provider, `${provider}\n${subject}`),
      displayName: displayName(profile.name ?? subject),
    });
    return this.identities.link({ provider, subject, userId: user.id, ...emailOf(profile) }, loggedIn);
  }

  private async membership(
    userId: string,
    orgId: string | undefined,
    platformOperator: boolean,
  ): Promise<{ org: string | undefined; roles: Role[] }> {
    const memberships = await this.directory.membershipsOf(userId);
    if (orgId !== undefined) {
      const asked = memberships.find((m) => m.orgId === orgId.toLowerCase());
      if (asked === undefined) throw new PrincipalRejectedError('NOT_A_MEMBER');
      if (asked.suspended) {
        if (platformOperator) return { org: undefined, roles: [] };
        throw new PrincipalRejectedError('ORGANIZATION_SUSPENDED');
      }
      return { org: orgId, roles: [asked.role] };
    }
    // Without a choice, the user lands in the first organization they joined that still runs.
    const first = memberships.find((m) => !m.suspended);
    return first === undefined ? { org: undefined, roles: [] } : { org: first.orgId, roles: [first.role] };
  }

  private async assertActive(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new PrincipalRejectedError('TOKEN_UNKNOWN');
    if (user.disabledAt !== null) throw new PrincipalRejectedError('USER_DISABLED');
  }
}

function emailOf(profile: RemoteProfile): { email?: string } {
  return profile.email === undefined ? {} : { email: profile.email };
}
