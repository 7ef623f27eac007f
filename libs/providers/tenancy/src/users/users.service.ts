import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkEmail, checkName, checkUuid, NotFoundError } from '@meshplane/graphql';
import { UserEntity, type User } from '../entities/user.entity.js';

export interface UpsertUserInput {
  email: string;
  displayName: string;
}

/** Users are global (no tenant): identity providers create and look them up by email or id. */
@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the user of `email`, or refreshes its display name when it exists; emails compare case-insensitively. */
  async upsertByEmail(input: UpsertUserInput): Promise<User> {
    const email = checkEmail(input.email, 'email');
    const displayName = checkName(input.displayName, 'displayName');
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ id: randomUUID(), email, displayName })
      .orUpdate(['display_name'], ['email'])
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    if (id === undefined) throw new Error('upsert of a user returned no row');
    return this.getById(id);
  }

  /**
   * A new user with `email`, or undefined when that address already belongs to someone: unlike upsertByEmail, never
   * hands back an existing user, so an identity provider's claim on an address cannot capture its account.
   */
  async createIfEmailFree(input: UpsertUserInput): Promise<User | undefined> {
    const email = checkEmail(input.email, 'email');
    const displayName = checkName(input.displayName, 'displayName');
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ id: randomUUID(), email, displayName })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    return id === undefined ? undefined : this.getById(id);
  }

  async findById(id: string): Promise<User | undefined> {
    return (await this.repo.findOneBy({ id: checkUuid(id, 'id') })) ?? undefined;
  }

  async findByEmail(email: string): Promise<User | undefined> {
    return (await this.repo.findOneBy({ email: checkEmail(email, 'email') })) ?? undefined;
  }

  /** Disabling keeps the user and their memberships; identity refuses to sign disabled users in. */
  async setDisabled(id: string, disabled: boolean): Promise<User> {
    const user = await this.getById(id);
    if ((user.disabledAt !== null) === disabled) return user;
    await this.repo.update({ id: user.id }, { disabledAt: disabled ? new Date() : null });
    return this.getById(user.id);
  }

  private async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }
}
