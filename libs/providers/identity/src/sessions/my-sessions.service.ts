import { Injectable } from '@nestjs/common';
import { checkUuid, NotFoundError, type Caller } from '@meshplane/graphql';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';
import { InvalidRefreshTokenError } from '../tokens/token.errors.js';
import { LoginSessionsRepository } from './login-sessions.repository.js';
import type { LoginSession } from './models/login-session.model.js';
import { SessionsService } from './sessions.service.js';

/** A user's own login sessions: what they can see of them, and ending one. */
@Injectable()
export class MySessionsService {
  constructor(
    private readonly loginSessions: LoginSessionsRepository,
    private readonly refreshTokens: RefreshTokensService,
    private readonly sessions: SessionsService,
  ) {}

  async list(caller: Caller, userId: string): Promise<LoginSession[]> {
    const current = await this.currentFamily(caller);
    return (await this.loginSessions.liveOf(userId)).map((session) => ({
      id: session.familyId,
      provider: session.provider,
      client: session.client,
      clientAddress: session.clientAddress,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      expiresAt: session.expiresAt,
      current: session.familyId === current,
    }));
  }

  /**
   * Ends one of the caller's sessions. Like a password change, it needs a signed-in session: an API token must
   * not sign its owner out of everything.
   */
  async revoke(caller: Caller, userId: string, id: string): Promise<void> {
    await this.sessions.sessionOf(caller, userId);
    const familyId = checkUuid(id, 'id');
    // Someone else's session answers exactly like one that does not exist.
    if (!(await this.loginSessions.ownedBy(familyId, userId))) throw new NotFoundError('Session');
    await this.refreshTokens.revokeSession(familyId);
  }

  private async currentFamily(caller: Caller): Promise<string | undefined> {
    if (caller.credential?.kind !== 'access-token') return undefined;
    try {
      return (await this.refreshTokens.sessionOfAccessToken(caller.credential.id)).familyId;
    } catch (error) {
      if (error instanceof InvalidRefreshTokenError) return undefined;
      throw error;
    }
  }
}
