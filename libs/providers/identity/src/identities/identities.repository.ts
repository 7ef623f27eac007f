import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@meshplane/runtime';
import { IdentityEntity } from './identity.entity.js';

export interface IdentityLink {
  provider: string;
  subject: string;
  userId: string;
  email?: string;
}

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
    return (await this.repo.findOneBy({ provider, subject }))?.userId;
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
