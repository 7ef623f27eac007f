import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { withTransaction } from '@meshplane/database';
import { Clock } from '@meshplane/runtime';
import { LoginStateEntity } from './login-state.entity.js';
import type { LoginStateStore, PendingLogin } from './login-state.store.js';

@Injectable()
export class LoginStateRepository implements LoginStateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(LoginStateEntity);
  }

  async save(login: PendingLogin): Promise<void> {
    // Abandoned logins are pruned as new ones begin.
    await this.repo.delete({ expiresAt: LessThan(this.clock.now()) });
    await this.repo.insert(login);
  }

  async take(stateHash: string): Promise<PendingLogin | undefined> {
    // Locked, then deleted in one transaction: of two requests completing one login, exactly one gets it.
    return withTransaction(this.dataSource, async (manager) => {
      const row = await manager
        .getRepository(LoginStateEntity)
        .findOne({ where: { stateHash }, lock: { mode: 'pessimistic_write' } });
      if (!row) return undefined;
      await manager.delete(LoginStateEntity, { stateHash });
      return {
        stateHash,
        provider: row.provider,
        sealedCodeVerifier: row.sealedCodeVerifier,
        nonce: row.nonce,
        redirectUri: row.redirectUri,
        expiresAt: row.expiresAt,
      };
    });
  }
}
