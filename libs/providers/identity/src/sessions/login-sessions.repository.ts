import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@meshplane/runtime';
import { LoginSessionEntity } from './login-session.entity.js';

export interface SessionOrigin {
  /** The provider signed in with. */
  provider: string;
  client?: string;
  clientAddress?: string;
}

export interface LiveSession {
  familyId: string;
  provider: string;
  client: string | null;
  clientAddress: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  /** When its current refresh token expires, unless refreshed before. */
  expiresAt: Date;
}

/** Most users hold a handful; a script signing in in a loop must not make the list unbounded. */
export const MAX_LISTED_SESSIONS = 100;

interface LiveSessionRow {
  family_id: string;
  provider: string;
  client: string | null;
  client_address: string | null;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
}

@Injectable()
export class LoginSessionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(LoginSessionEntity);
  }

  async begin(familyId: string, userId: string, origin: SessionOrigin): Promise<void> {
    const now = this.clock.now();
    await this.repo.insert({
      familyId,
      userId,
      provider: origin.provider,
      client: origin.client ?? null,
      clientAddress: origin.clientAddress ?? null,
      createdAt: now,
      lastUsedAt: now,
    });
  }

  async touch(familyId: string): Promise<void> {
    await this.repo.update({ familyId }, { lastUsedAt: this.clock.now() });
  }

  /** The user's sessions whose family still holds a usable refresh token, most recently used first. */
  async liveOf(userId: string): Promise<LiveSession[]> {
    const rows: LiveSessionRow[] = await this.dataSource.query(
      `SELECT s.family_id, s.provider, s.client, s.client_address, s.created_at, s.last_used_at, live.expires_at
         FROM "providers"."login_sessions" s
         JOIN LATERAL (
           SELECT max(t.expires_at) AS expires_at FROM "providers"."refresh_tokens" t
            WHERE t.family_id = s.family_id AND t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > $2
         ) live ON live.expires_at IS NOT NULL
        WHERE s.user_id = $1
        ORDER BY s.last_used_at DESC, s.family_id
        LIMIT ${MAX_LISTED_SESSIONS}`,
      [userId, this.clock.now()],
    );
    return rows.map((row) => ({
      familyId: row.family_id,
      provider: row.provider,
      client: row.client,
      clientAddress: row.client_address,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      expiresAt: row.expires_at,
    }));
  }

  async ownedBy(familyId: string, userId: string): Promise<boolean> {
    return this.repo.existsBy({ familyId, userId });
  }
}
