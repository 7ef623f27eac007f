import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, MoreThan } from 'typeorm';
import { Clock } from '@meshplane/runtime';
import { LocalCredentialEntity } from './local-credential.entity.js';
import { PasswordResetEntity } from './password-reset.entity.js';

@Injectable()
export class PasswordResetsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Stores a new reset for the user; any earlier one still open stops working, and expired ones are pruned. */
  async replace(reset: PasswordResetEntity): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await manager.delete(PasswordResetEntity, { expiresAt: LessThan(now) });
      await manager.update(PasswordResetEntity, { userId: reset.userId, usedAt: IsNull() }, { usedAt: now });
      await manager.insert(PasswordResetEntity, reset);
    });
  }

  /** The user an unused, unexpired reset is for (nothing is consumed). */
  async openUserOf(tokenHash: string): Promise<string | undefined> {
    const row = await this.dataSource.getRepository(PasswordResetEntity).findOneBy({
      tokenHash,
      usedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
    return row?.userId;
  }

  /**
   * Uses the reset up and sets the password in one transaction: of two requests with one token, exactly one
   * changes the password. Undefined when the token is unknown, used or expired.
   */
  async redeem(tokenHash: string, passwordHash: string): Promise<string | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // An UPDATE … RETURNING through manager.query answers [rows, count].
      const [rows] = (await manager.query(
        `UPDATE "providers"."password_resets" SET "used_at" = $2
          WHERE "token_hash" = $1 AND "used_at" IS NULL AND "expires_at" > $2 RETURNING "user_id"`,
        [tokenHash, now],
      )) as [{ user_id: string }[], number];
      const userId = rows[0]?.user_id;
      if (userId === undefined) return undefined;
      await manager.update(LocalCredentialEntity, { userId }, { passwordHash, updatedAt: now });
      return userId;
    });
  }
}
