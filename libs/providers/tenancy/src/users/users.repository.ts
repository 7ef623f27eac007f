import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
