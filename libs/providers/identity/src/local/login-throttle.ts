import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { DomainError } from '@meshplane/graphql';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';

/** Created by the CreateLoginThrottle migration, in the layout RateLimiterPostgres expects. */
export const LOGIN_THROTTLE_TABLE = 'login_throttle';

/** Same answer for known and unknown accounts: the limit is on the name tried, not on a user. */
export class TooManyAttemptsError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'TOO_MANY_ATTEMPTS',
      `Too many failed sign-in attempts: try again in ${retryAfterSeconds} seconds`,
      { retryAfterSeconds },
    );
  }
}

/** A reserved attempt, to hand back to `succeeded`. */
export interface LoginAttempt {
  accountKey: string;
  addressKey?: string;
}

/**
 * Failed password sign-ins, counted per account and per client address in a table every replica shares
 * (rate-limiter-flexible's Postgres store, on the service's own pool, schema and role). An attempt is counted
 * before the password is checked, with one atomic upsert per key: a request with many aliased `login` fields,
 * or many requests at once, get no more guesses than the limit. A correct password hands its attempt back.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(dataSource: DataSource, @Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    const store = {
      storeClient: dataSource,
      storeType: 'typeorm',
      schemaName: 'providers',
      tableName: LOGIN_THROTTLE_TABLE,
      tableCreated: true,
      duration: config.LOGIN_FAILURE_WINDOW_SECONDS,
    };
    this.byAccount = new RateLimiterPostgres({
      ...store,
      keyPrefix: 'account',
      points: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    });
    this.byAddress = new RateLimiterPostgres({
      ...store,
      keyPrefix: 'address',
      points: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
    });
  }

  /** Counts one attempt for `email` (and the address, when known); TooManyAttemptsError past either limit. */
  async reserve(email: string, clientAddress: string | undefined): Promise<LoginAttempt> {
    const attempt: LoginAttempt = {
      accountKey: accountKey(email),
      ...(clientAddress === undefined ? {} : { addressKey: clientAddress }),
    };
    const results = await Promise.allSettled([
      this.byAccount.consume(attempt.accountKey),
      ...(attempt.addressKey === undefined ? [] : [this.byAddress.consume(attempt.addressKey)]),
    ]);
    let retryAfterMs = 0;
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      // The library rejects with its result when over the limit, and with the store's error otherwise.
      if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
      retryAfterMs = Math.max(retryAfterMs, result.reason.msBeforeNext);
    }
    if (retryAfterMs > 0) throw new TooManyAttemptsError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    return attempt;
  }

  /** A correct password: the account's failures are forgiven, the address gets its attempt back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      this.byAccount.delete(attempt.accountKey),
      ...(attempt.addressKey === undefined ? [] : [this.byAddress.reward(attempt.addressKey, 1)]),
    ]);
  }
}

/** Hashed: the table holds no email addresses, and any length fits its key column. */
function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('base64url');
}
