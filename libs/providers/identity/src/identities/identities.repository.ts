import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '@meshplane/runtime';
import { IdentityEntity } from './identity.entity.js';

export interface IdentityLink {
  provider: string;
  subject: string;
  userId: string;
  email?: string;
}

/** An OpenID Connect identity: found by issuer and subject; `provider` is the configured name, kept current. */
export interface OidcIdentityLink extends IdentityLink {
  issuer: string;
}

const SUBJECT_LOCK = 'meshplane.identity.oidc-subject:';

@Injectable()
export class IdentitiesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(IdentityEntity);
  }

  async userIdOf(provider: string, subject: string): Promise<string | undefined> {
    return (await this.repo.findOneBy({ provider, subject, issuer: IsNull() }))?.userId;
  }

  async userIdByIssuer(issuer: string, subject: string): Promise<string | undefined> {
    return (await this.repo.findOneBy({ issuer, subject }))?.userId;
  }

  /**
   * Runs `work` while holding a lock on one OpenID Connect identity, shared by every replica: two first sign-ins of
   * one person create one user. The lock lives in a transaction of its own; `work` uses other connections.
   */
  underSubjectLock<T>(issuer: string, subject: string, work: () => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `${SUBJECT_LOCK}${issuer}\n${subject}`,
      ]);
      return work();
    });
  }

  /** Links an OpenID Connect identity (first writer wins) and records the sign-in; returns the linked user. */
  async linkOidc(identity: OidcIdentityLink): Promise<string> {
    const now = this.clock.now();
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        provider: identity.provider,
        subject: identity.subject,
        issuer: identity.issuer,
        userId: identity.userId,
        email: identity.email ?? null,
        lastLoginAt: now,
      })
      .orIgnore()
      .execute();
    const linked = await this.repo.findOneByOrFail({ issuer: identity.issuer, subject: identity.subject });
    await this.repo.update(
      { id: linked.id },
      { provider: identity.provider, lastLoginAt: now, email: identity.email ?? null },
    );
    return linked.userId;
  }

  /**
   * Links the identity to `userId` unless it is linked already, and returns the user it is linked to (the
   * first writer wins when two logins race), recording the login when `loggedIn`.
   */
  async link(identity: IdentityLink, loggedIn: boolean): Promise<string> {
    const now = this.clock.now();
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        provider: identity.provider,
        subject: identity.subject,
        userId: identity.userId,
        email: identity.email ?? null,
        lastLoginAt: loggedIn ? now : null,
      })
      .orIgnore()
      .execute();
    const linked = await this.repo.findOneByOrFail({
      provider: identity.provider,
      subject: identity.subject,
      issuer: IsNull(),
    });
    if (loggedIn) {
      await this.repo.update(
        { id: linked.id },
        { lastLoginAt: now, ...(identity.email === undefined ? {} : { email: identity.email }) },
      );
    }
    return linked.userId;
  }

  listForUser(userId: string): Promise<IdentityEntity[]> {
    return this.repo.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }
}
