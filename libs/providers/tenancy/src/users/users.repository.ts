import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity } from '../entities/user.entity.js';

/** Users are global rows (no tenant): looked up by id or by email. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the user of `email`, or refreshes its display name when it exists; returns its id. */
  async upsertByEmail(email: string, displayName: string): Promise<string> {
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
    return id;
  }

  /**
   * Inserts a user with `email` unless the address is taken (DO NOTHING: an error would abort the caller's
   * transaction); returns the new id, or undefined when someone already has that address.
   */
  async insertIfEmailFree(email: string, displayName: string): Promise<string | undefined> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ id: randomUUID(), email, displayName })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[])[0]?.id;
  }

  /** Inserts a user in the caller's transaction (a sign-up writing user, credential and membership together). */
  async insert(tx: EntityManager, user: Pick<UserEntity, 'id' | 'email' | 'displayName'>): Promise<void> {
    await tx.insert(UserEntity, user);
  }

  existsByEmail(email: string, tx?: EntityManager): Promise<boolean> {
    return (tx ?? this.dataSource.manager).existsBy(UserEntity, { email });
  }

  async findById(id: string): Promise<UserEntity | undefined> {
    return (await this.repo.findOneBy({ id })) ?? undefined;
  }

  async findByEmail(email: string): Promise<UserEntity | undefined> {
    return (await this.repo.findOneBy({ email })) ?? undefined;
  }

  exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  async setDisabledAt(id: string, at: Date | null): Promise<void> {
    await this.repo.update({ id }, { disabledAt: at });
  }

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }
}
