import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { openSecret, sealSecret } from '@meshplane/auth';
import { Clock, KeyedLimiter } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { RemoteGrantEntity } from './remote-grant.entity.js';
import { GrantRefusedError, RemoteOAuthClient } from './remote-oauth.client.js';

/** Binds a sealed refresh token to its row: a value copied into another user's or provider's row does not open. */
function aad(userId: string, provider: string): string {
  return `meshplane.identity.remote-grant:${userId}:${provider}`;
}

/** Token refreshes in flight at once per remote provider, in one replica. */
const REFRESHES_PER_PROVIDER = 2;

/** The grant's row, locked until the transaction ends (one refresh or revocation at a time per grant). */
function lockedGrant(m: EntityManager, userId: string, provider: string): Promise<RemoteGrantEntity | null> {
  return m
    .getRepository(RemoteGrantEntity)
    .createQueryBuilder('g')
    .setLock('pessimistic_write')
    .where('g.userId = :userId AND g.provider = :provider', { userId, provider })
    .getOne();
}

/** What a user granted at a provider, as the sync sees it (never the token). */
export interface RemoteGrant {
  userId: string;
  provider: string;
  subject: string;
  scopes: readonly string[];
}

/**
 * Refresh tokens users granted Meshplane at remote providers, sealed at rest. A token is used under a row lock held
 * across the refresh: providers rotate refresh tokens and treat the reuse of a rotated one as theft (the whole
 * session is revoked), so two replicas must never refresh the same grant at once, and the rotated token is stored
 * in the same transaction that read the old one.
 */
@Injectable()
export class RemoteGrantsService {
  private readonly refreshes = new KeyedLimiter(REFRESHES_PER_PROVIDER);

  constructor(
    private readonly dataSource: DataSource,
    private readonly oauth: RemoteOAuthClient,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** Keeps (or replaces) the grant a sign-in produced. */
  async save(
    userId: string,
    provider: string,
    subject: string,
    refreshToken: string,
    scopes: readonly string[],
  ) {
    const now = this.clock.now();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RemoteGrantEntity)
      .values({
        userId,
        provider,
        subject,
        sealedRefreshToken: sealSecret(refreshToken, this.sealingKey(), aad(userId, provider)),
        scopes: scopes.join(' '),
        createdAt: now,
        updatedAt: now,
      })
      .orUpdate(['subject', 'sealed_refresh_token', 'scopes', 'updated_at'], ['user_id', 'provider'])
      .execute();
  }

  /** The grants a user holds (providers they signed in with and allowed `scope`). */
  async of(userId: string, scope: string): Promise<RemoteGrant[]> {
    return (await this.list(userId)).filter((grant) => grant.scopes.includes(scope));
  }

  /** Every grant the user holds, for them to see (never the token). */
  async list(userId: string): Promise<(RemoteGrant & { grantedAt: Date; usedAt: Date })[]> {
    const rows = await this.dataSource
      .getRepository(RemoteGrantEntity)
      .find({ where: { userId }, order: { provider: 'ASC' } });
    return rows.map((row) => ({
      userId: row.userId,
      provider: row.provider,
      subject: row.subject,
      scopes: row.scopes.split(' ').filter((s) => s !== ''),
      grantedAt: row.createdAt,
      usedAt: row.updatedAt,
    }));
  }

  /**
   * Forgets the user's grant at `provider` and asks the provider to revoke its refresh token (best effort, after the
   * row is gone: a provider that cannot be reached does not keep the grant here). False when there was none.
   */
  async revoke(userId: string, provider: string): Promise<boolean> {
    const token = await this.dataSource.transaction(async (m) => {
      const row = await lockedGrant(m, userId, provider);
      if (!row) return null;
      await m.getRepository(RemoteGrantEntity).delete({ userId, provider });
      try {
        return openSecret(row.sealedRefreshToken, this.config.PROVIDERS_KEY_SECRET, aad(userId, provider));
      } catch {
        return '';
      }
    });
    if (token === null) return false;
    if (token !== '') await this.oauth.revoke(provider, token);
    return true;
  }

  /**
   * A fresh access token of the grant, its rotated refresh token stored. Null when the user holds no such grant any
   * more; a refused grant (or one that no longer opens) is deleted and GrantRefusedError thrown (the user has to
   * sign in there again).
   */
  async accessToken(userId: string, provider: string): Promise<string | null> {
    let refused = false;
    // The refresh call runs inside the row lock's transaction, holding a pooled connection: a provider that does not
    // answer holds at most REFRESHES_PER_PROVIDER of them (until its timeout), never the pool sign-ins need.
    const token = await this.refreshes.run(provider, () =>
      this.dataSource.transaction(async (m) => {
        const row = await lockedGrant(m, userId, provider);
        if (!row) return null;
        let current: string;
        try {
          current = openSecret(
            row.sealedRefreshToken,
            this.config.PROVIDERS_KEY_SECRET,
            aad(userId, provider),
          );
        } catch {
          // Sealed for another row, tampered with, or under a key no longer configured: as good as refused.
          await m.getRepository(RemoteGrantEntity).delete({ userId, provider });
          refused = true;
          return null;
        }
        try {
          const tokens = await this.oauth.refresh(provider, current);
          await m.getRepository(RemoteGrantEntity).update(
            { userId, provider },
            {
              // A provider that does not rotate keeps the token it had.
              sealedRefreshToken: sealSecret(
                tokens.refreshToken ?? current,
                this.sealingKey(),
                aad(userId, provider),
              ),
              ...(tokens.scopes.length > 0 ? { scopes: tokens.scopes.join(' ') } : {}),
              updatedAt: this.clock.now(),
            },
          );
          return tokens.accessToken;
        } catch (error) {
          if (!(error instanceof GrantRefusedError)) throw error;
          await m.getRepository(RemoteGrantEntity).delete({ userId, provider });
          refused = true;
          return null;
        }
      }),
    );
    if (refused) throw new GrantRefusedError(provider);
    return token;
  }

  private sealingKey(): string {
    const [key] = this.config.PROVIDERS_KEY_SECRET;
    if (key === undefined) throw new Error('PROVIDERS_KEY_SECRET holds no key');
    return key;
  }
}
