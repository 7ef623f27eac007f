import { Injectable } from '@nestjs/common';
import { checkEmail, checkName, checkUuid, NotFoundError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import type { User } from '../entities/user.entity.js';
import { UsersRepository } from './users.repository.js';

export interface UpsertUserInput {
  email: string;
  displayName: string;
}

/** Users are global (no tenant): identity providers create and look them up by email or id. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates the user of `email`, or refreshes its display name when it exists; emails compare case-insensitively. */
  async upsertByEmail(input: UpsertUserInput): Promise<User> {
    const email = checkEmail(input.email, 'email');
    const displayName = checkName(input.displayName, 'displayName');
    return this.getById(await this.users.upsertByEmail(email, displayName));
  }

  /**
   * A new user with `email`, or undefined when that address already belongs to someone: unlike upsertByEmail, never
   * hands back an existing user, so an identity provider's claim on an address cannot capture its account.
   */
  async createIfEmailFree(input: UpsertUserInput): Promise<User | undefined> {
    const email = checkEmail(input.email, 'email');
    const displayName = checkName(input.displayName, 'displayName');
    const id = await this.users.insertIfEmailFree(email, displayName);
    return id === undefined ? undefined : this.getById(id);
  }

  findById(id: string): Promise<User | undefined> {
    return this.users.findById(checkUuid(id, 'id'));
  }

  findByEmail(email: string): Promise<User | undefined> {
    return this.users.findByEmail(checkEmail(email, 'email'));
  }

  /** Disabling keeps the user and their memberships; identity refuses to sign disabled users in. */
  async setDisabled(id: string, disabled: boolean): Promise<User> {
    const user = await this.getById(id);
    if ((user.disabledAt !== null) === disabled) return user;
    await this.users.setDisabledAt(user.id, disabled ? this.clock.now() : null);
    return this.getById(user.id);
  }

  private async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundError('User');
    return user;
  }
}
