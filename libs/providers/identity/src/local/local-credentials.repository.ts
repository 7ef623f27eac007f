import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalCredentialEntity } from './local-credential.entity.js';

@Injectable()
export class LocalCredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(LocalCredentialEntity);
  }

  findByEmail(email: string): Promise<LocalCredentialEntity | null> {
    return this.repo.findOneBy({ email: email.trim().toLowerCase() });
  }

  existsForEmail(email: string): Promise<boolean> {
    return this.repo.existsBy({ email: email.trim().toLowerCase() });
  }

  findByUserId(userId: string): Promise<LocalCredentialEntity | null> {
    return this.repo.findOneBy({ userId });
  }

  async updatePassword(userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.repo.update({ userId }, { passwordHash, updatedAt: at });
  }

  async insert(userId: string, email: string, passwordHash: string): Promise<void> {
    await this.repo.insert({ userId, email: email.trim().toLowerCase(), passwordHash });
  }
}
