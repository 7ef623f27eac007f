import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { issueAccessToken } from '@meshplane/auth';
import { ForbiddenError, UnauthenticatedError, type Caller } from '@meshplane/graphql';
import { TenancyDirectory, UsersService } from '@meshplane/providers-tenancy';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, TOKEN_AUDIENCE, type IdentityConfig } from '../config/identity.config.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';
import { InvalidRefreshTokenError } from '../tokens/token.errors.js';
import { LoginSessionsRepository, type SessionOrigin } from './login-sessions.repository.js';
import type { TokenPair } from './models/token-pair.model.js';

interface SessionScope {
  userId: string;
  orgId?: string;
  /** Continues this session; without it, a new one begins from `origin`. */
  familyId?: string;
  origin?: SessionOrigin;
  /** The refresh token this pair replaces. */
  consumes?: string;
}

/** Login sessions of the local provider: who gets a token pair, scoped to which organization, with which roles. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly directory: TenancyDirectory,
    private readonly users: UsersService,
    private readonly loginSessions: LoginSessionsRepository,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * A new session in the user's default organization (the one joined first), if any; `origin` is what
   * `mySessions` shows of it (the provider, the client's label and address).
   */
  async start(userId: string, origin: SessionOrigin): Promise<TokenPair> {
    await this.assertActive(userId);
    return this.issue({ userId, orgId: await this.directory.defaultOrgOf(userId), origin });
  }

  /** The next pair of a session; an organization the user has left since falls back to the default one. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const session = await this.refreshTokens.redeem(refreshToken);
    await this.assertActive(session.userId);
    const stillMember =
      session.orgId !== undefined &&
      (await this.directory.roleIn(session.userId, session.orgId)) !== undefined;
    const orgId = stillMember ? session.orgId : await this.directory.defaultOrgOf(session.userId);
    return this.issue({ userId: session.userId, orgId, familyId: session.familyId, consumes: session.id });
  }

  /**
   * A pair in another organization, continuing the caller's session: only an access token of a live local
   * session can switch, and the new pair joins that session's refresh family, so signing out (or a detected
   * reuse) ends it too. An API token or a remote provider's token never mints a session here: they would
   * otherwise turn a capped or short-lived credential into a 30-day owner session that outlives its revocation.
   */
  async switchOrganization(caller: Caller, userId: string, orgId: string): Promise<TokenPair> {
    const session = await this.sessionOf(caller, userId);
    await this.assertActive(userId);
    if ((await this.directory.roleIn(userId, orgId)) === undefined) {
      throw new ForbiddenError('You are not a member of that organization', { organizationId: orgId });
    }
    return this.issue({ userId, orgId, familyId: session.familyId });
  }

  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeSessionOf(refreshToken);
  }

  private async issue(scope: SessionScope): Promise<TokenPair> {
    const role =
      scope.orgId === undefined ? undefined : await this.directory.roleIn(scope.userId, scope.orgId);
    const orgId = role === undefined ? undefined : scope.orgId;
    const ttlSeconds = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const tokenId = randomUUID();
    const now = this.clock.nowMs();
    const accessToken = await issueAccessToken(await this.keys.signingRing(), {
      issuer: this.config.LOCAL_PROVIDER_ISSUER,
      audience: TOKEN_AUDIENCE,
      subject: scope.userId,
      ...(orgId === undefined ? {} : { orgId }),
      roles: role === undefined ? [] : [role],
      ttlSeconds,
      tokenId,
      issuedAt: new Date(now),
    });
    // Whole seconds, as in the token's exp claim.
    const expiresAt = new Date((Math.floor(now / 1000) + ttlSeconds) * 1000);
    const { token: refreshToken, familyId } = await this.refreshTokens.issue({
      userId: scope.userId,
      ...(orgId === undefined ? {} : { orgId }),
      ...(scope.familyId === undefined ? {} : { familyId: scope.familyId }),
      ...(scope.consumes === undefined ? {} : { consumes: scope.consumes }),
      accessTokenId: tokenId,
      accessExpiresAt: expiresAt,
    });
    if (scope.familyId === undefined) {
      if (scope.origin === undefined) throw new Error('a new login session needs its origin');
      await this.loginSessions.begin(familyId, scope.userId, scope.origin);
    } else {
      await this.loginSessions.touch(familyId);
    }
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: ttlSeconds,
      expiresAt,
      organizationId: orgId ?? null,
    };
  }

  /** The live local session the caller's access token belongs to; FORBIDDEN (SESSION_REQUIRED) otherwise. */
  async sessionOf(caller: Caller, userId: string): Promise<{ familyId: string }> {
    const credential = caller.credential;
    const refused = () =>
      new ForbiddenError(
        'This needs a signed-in session: sign in first (API tokens and remote provider tokens cannot mint ' +
          'session tokens nor change passwords; send the x-meshplane-org header to pick an organization per request)',
        { reason: 'SESSION_REQUIRED', credential: credential?.kind ?? 'none' },
      );
    if (credential?.kind !== 'access-token') throw refused();
    try {
      const session = await this.refreshTokens.sessionOfAccessToken(credential.id);
      if (session.userId !== userId) throw refused();
      return session;
    } catch (error) {
      if (error instanceof InvalidRefreshTokenError) throw refused();
      throw error;
    }
  }

  private async assertActive(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || user.disabledAt !== null) throw new UnauthenticatedError('This account cannot sign in');
  }
}
