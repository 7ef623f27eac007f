import { describe, expect, it } from 'vitest';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';
import type {
  AppendOutcome,
  RefreshTokenRecord,
  RefreshTokenStore,
  RevocationStore,
} from '../tokens/token.stores.js';
import { ManualClock } from '@meshplane/runtime';
import { testIdentityConfig } from './support/test-config.js';

class MemoryRefreshTokens implements RefreshTokenStore {
  readonly rows = new Map<string, RefreshTokenRecord>();

  append(record: RefreshTokenRecord, consumes?: string): Promise<AppendOutcome> {
    const family = [...this.rows.values()].filter((row) => row.familyId === record.familyId);
    if (family.some((row) => row.revokedAt !== undefined)) return Promise.resolve('revoked');
    if (consumes !== undefined) {
      const used = family.find((row) => row.id === consumes);
      if (!used || used.usedAt) return Promise.resolve('reused');
      used.usedAt = record.createdAt;
    }
    this.rows.set(record.id, { ...record });
    return Promise.resolve('issued');
  }

  liveFamiliesOf(userId: string): Promise<string[]> {
    const live = [...this.rows.values()].filter((row) => row.userId === userId && !row.revokedAt);
    return Promise.resolve([...new Set(live.map((row) => row.familyId))]);
  }

  findByAccessTokenId(accessTokenId: string): Promise<RefreshTokenRecord | undefined> {
    const row = [...this.rows.values()].find((candidate) => candidate.accessTokenId === accessTokenId);
    return Promise.resolve(row && { ...row });
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = [...this.rows.values()].find((candidate) => candidate.tokenHash === tokenHash);
    return Promise.resolve(row && { ...row });
  }

  revokeFamily(familyId: string, at: Date): Promise<RefreshTokenRecord[]> {
    const family = [...this.rows.values()].filter((row) => row.familyId === familyId);
    for (const row of family) row.revokedAt ??= at;
    return Promise.resolve(family.map((row) => ({ ...row })));
  }
}

class MemoryRevocations implements RevocationStore {
  readonly revoked = new Set<string>();

  revoke(entries: readonly { tokenId: string; expiresAt: Date }[]): Promise<void> {
    for (const entry of entries) this.revoked.add(entry.tokenId);
    return Promise.resolve();
  }

  isRevoked(tokenId: string): Promise<boolean> {
    return Promise.resolve(this.revoked.has(tokenId));
  }
}

const USER = '6f1c1f0e-7a34-4e43-9d0a-1a2b3c4d5e6f';
const ORG = '0b7d6a6e-2f63-4c1e-8e1b-6a5f4d3c2b1a';

function setup() {
  const clock = new ManualClock();
  const store = new MemoryRefreshTokens();
  const revocations = new MemoryRevocations();
  const service = new RefreshTokensService(store, revocations, testIdentityConfig(), clock);
  const grant = (accessTokenId: string, session?: { familyId: string; id: string }) =>
    service.issue({
      userId: USER,
      orgId: ORG,
      accessTokenId,
      accessExpiresAt: new Date(clock.nowMs() + 900_000),
      ...(session === undefined ? {} : { familyId: session.familyId, consumes: session.id }),
    });
  return { clock, store, revocations, service, grant };
}

describe('refresh tokens', () => {
  it('are stored as hashes only and redeem to their session once', async () => {
    const { service, store, grant } = setup();
    const { token, familyId } = await grant('access-1');

    expect(JSON.stringify([...store.rows.values()])).not.toContain(token);
    await expect(service.redeem(token)).resolves.toEqual({
      id: expect.any(String),
      userId: USER,
      orgId: ORG,
      familyId,
    });
  });

  it('rotate: the successor issued in the same family redeems after its predecessor', async () => {
    const { service, grant } = setup();
    const first = await grant('access-1');
    const session = await service.redeem(first.token);
    const second = await grant('access-2', session);

    await expect(service.redeem(second.token)).resolves.toMatchObject({ familyId: first.familyId });
  });

  it('a token consumed by one rotation cannot be consumed by a second: the family is revoked instead', async () => {
    const { service, revocations, grant } = setup();
    const first = await grant('access-1');
    const [a, b] = await Promise.all([service.redeem(first.token), service.redeem(first.token)]);
    const winner = await grant('access-2', a);

    await expect(grant('access-3', b)).rejects.toThrow(/invalid or has expired/);

    await expect(service.redeem(winner.token)).rejects.toThrow(/invalid or has expired/);
    expect([...revocations.revoked].sort()).toEqual(['access-1', 'access-2']);
  });

  it('nothing is issued in a family once it was revoked', async () => {
    const { service, grant } = setup();
    const first = await grant('access-1');
    const session = await service.redeem(first.token);
    await service.revokeSessionOf(first.token);

    await expect(grant('access-2', session)).rejects.toThrow(/invalid or has expired/);
  });

  it('a reused token revokes its whole family, successors and their access tokens included', async () => {
    const { service, revocations, grant } = setup();
    const first = await grant('access-1');
    const second = await grant('access-2', await service.redeem(first.token));

    await expect(service.redeem(first.token)).rejects.toThrow(/invalid or has expired/);

    await expect(service.redeem(second.token)).rejects.toThrow(/invalid or has expired/);
    expect([...revocations.revoked].sort()).toEqual(['access-1', 'access-2']);
  });

  it('leaves other sessions of the same user alone when one family is revoked', async () => {
    const { service, grant } = setup();
    const stolen = await grant('access-1');
    const other = await grant('access-9');
    await grant('access-2', await service.redeem(stolen.token));
    await service.redeem(stolen.token).catch(() => undefined);

    await expect(service.redeem(other.token)).resolves.toMatchObject({ familyId: other.familyId });
  });

  it('refuses expired, unknown and malformed tokens with one message', async () => {
    const { service, clock, grant } = setup();
    const { token } = await grant('access-1');
    clock.advance(30 * 86_400_000);

    await expect(service.redeem(token)).rejects.toThrow(/invalid or has expired/);
    await expect(service.redeem(`mprt_${'A'.repeat(43)}`)).rejects.toThrow(/invalid or has expired/);
    await expect(service.redeem('not-a-token')).rejects.toThrow(/invalid or has expired/);
  });

  it('logout revokes the session: its refresh token stops working and its access token is listed as revoked', async () => {
    const { service, revocations, grant } = setup();
    const { token } = await grant('access-1');

    await service.revokeSessionOf(token);

    await expect(service.redeem(token)).rejects.toThrow(/invalid or has expired/);
    expect(revocations.revoked.has('access-1')).toBe(true);
  });
});
