import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock.js';
import { LoginStateEntity } from './login-state.entity.js';
import type { LoginStateStore, PendingLogin } from './login-state.store.js';

@Injectable()
export class LoginStateRepository implements LoginStateStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(LoginStateEntity);
  }

  async save(login: PendingLogin): Promise<void> {
    // Abandoned logins are pruned as new ones begin.
    await this.repo.delete({ expiresAt: LessThan(new Date(this.clock())) });
    await this.repo.insert(login);
  }

  async take(stateHash: string): Promise<PendingLogin | undefined> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .where('state_hash = :stateHash', { stateHash })
      .returning(['state_hash', 'provider', 'sealed_code_verifier', 'expires_at'])
      .execute();
    const row = (result.raw as { provider: string; sealed_code_verifier: string; expires_at: Date }[])[0];
    return row === undefined
      ? undefined
      : {
          stateHash,
          provider: row.provider,
          sealedCodeVerifier: row.sealed_code_verifier,
          expiresAt: new Date(row.expires_at),
        };
  }
}
