import type { InternalContext } from '@meshplane/auth';
import { ORG_HEADER } from '@meshplane/contracts';
import { systemClock, type Clock } from '@meshplane/runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { AuthFailure } from './auth-failure.js';
import { credentialKey, type Authenticator } from './authenticator.js';

/** The request headers that make up a credential: the token and the organization asked for. */
export interface Credential {
  authorization?: string;
  org?: string;
}

export function credentialOf(headers: Readonly<Record<string, string | string[] | undefined>>): Credential {
  const pick = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
  const authorization = pick(headers['authorization']);
  const org = pick(headers[ORG_HEADER]);
  return {
    ...(authorization === undefined ? {} : { authorization }),
    ...(org === undefined ? {} : { org }),
  };
}

interface Watch {
  caller: InternalContext;
  /** The bearer JWT's `exp` (epoch ms), verified when the stream opened; none for API tokens. */
  expiresAt: number | undefined;
  end(failure: AuthFailure): void;
}

/**
 * Keeps checking the credential every open subscription was opened with. Every `intervalMs`, each
 * distinct credential among the open streams is resolved again with providers, bypassing the principal
 * cache (one call per credential, however many streams share it). A stream ends with a clear error when
 * its token was revoked (logout, API token revoked), expired, or its holder is no longer who they were in
 * that organization (member removed, a role taken away). An unreachable providers ends nothing: the
 * next check decides.
 */
export class CredentialRecheck {
  private readonly watched = new Map<string, { credential: Credential; watches: Set<Watch> }>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Wraps a stream so that it ends, with the reason as its last event, once its right to exist ends. */
  guard(
    events: AsyncIterableIterator<ExecutionResult>,
    credential: Credential,
    caller: InternalContext,
  ): AsyncIterableIterator<ExecutionResult> {
    // An anonymous stream has no credential to lose; the subgraph decided what it may see.
    if (credential.authorization === undefined) return events;
    let revoked: ExecutionResult | undefined;
    let finished = false;
    let wake: () => void = () => undefined;
    const revocation = new Promise<void>((resolve) => (wake = resolve));
    const unwatch = this.watch(credential, {
      caller,
      expiresAt: jwtExpiry(credential.authorization),
      end: (failure) => {
        const [body] = failure.toBody().errors;
        // graphql-ws serialises the errors of a result with toJSON: GraphQLError instances, not plain objects.
        revoked ??= { errors: [new GraphQLError(failure.message, { extensions: body?.extensions })] };
        wake();
      },
    });
    const close = async () => {
      finished = true;
      unwatch();
      await events.return?.();
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<ExecutionResult>> {
        if (finished) return { done: true, value: undefined };
        if (revoked === undefined) {
          const upstream = events.next();
          let first: IteratorResult<ExecutionResult> | undefined;
          try {
            first = await Promise.race([upstream, revocation.then(() => undefined)]);
          } catch (error) {
            // The upstream failed: the stream is over, so is watching its credential.
            finished = true;
            unwatch();
            throw error;
          }
          if (first !== undefined) {
            if (first.done) await close();
            return first;
          }
          upstream.catch(() => undefined);
        }
        await close();
        return { done: false, value: revoked as ExecutionResult };
      },
      async return() {
        await close();
        return { done: true, value: undefined };
      },
    };
  }

  /** How many distinct credentials are being watched (for tests and metrics). */
  get size(): number {
    return this.watched.size;
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private watch(credential: Credential, watch: Watch): () => void {
    const key = credentialKey(credential.authorization ?? '', credential.org);
    let entry = this.watched.get(key);
    if (!entry) {
      entry = { credential, watches: new Set() };
      this.watched.set(key, entry);
    }
    entry.watches.add(watch);
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs).unref();
    return () => {
      const current = this.watched.get(key);
      if (!current) return;
      current.watches.delete(watch);
      if (current.watches.size === 0) this.watched.delete(key);
      if (this.watched.size === 0) this.close();
    };
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await Promise.all([...this.watched.values()].map((entry) => this.recheck(entry)));
    } finally {
      this.running = false;
    }
  }

  private async recheck(entry: { credential: Credential; watches: Set<Watch> }): Promise<void> {
    const now = this.clock.nowMs();
    for (const watch of [...entry.watches]) {
      if (watch.expiresAt !== undefined && watch.expiresAt <= now) {
        watch.end(
          new AuthFailure(
            401,
            'TOKEN_EXPIRED',
            'Subscription ended: credential expired (The token has expired.)',
          ),
        );
        entry.watches.delete(watch);
      }
    }
    if (entry.watches.size === 0) return;
    let fresh: InternalContext;
    try {
      fresh = await this.authenticator.authenticate(headersOf(entry.credential), { fresh: true });
    } catch (error) {
      if (!(error instanceof AuthFailure)) return this.onError(error);
      if (error.status === 503) return;
      for (const watch of [...entry.watches]) watch.end(ended(error));
      return;
    }
    for (const watch of [...entry.watches]) {
      const failure = lost(watch.caller, fresh);
      if (failure) watch.end(failure);
    }
  }
}

/**
 * The `exp` of a bearer JWT, read without verifying again: the gateway verified this very token when the
 * stream opened. Undefined for anything else (API tokens expire at providers, which the check asks).
 */
function jwtExpiry(authorization: string | undefined): number | undefined {
  const token = /^Bearer +(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (token?.split('.').length !== 3 || payload === undefined) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function headersOf(credential: Credential): Record<string, string> {
  return {
    ...(credential.authorization === undefined ? {} : { authorization: credential.authorization }),
    ...(credential.org === undefined ? {} : { [ORG_HEADER]: credential.org }),
  };
}

/** The failure as the stream's last word: which right ended, with the reason code of providers. */
function ended(error: AuthFailure): AuthFailure {
  if (error.status === 403) {
    return new AuthFailure(403, error.code, `Subscription ended: membership ended (${error.message})`);
  }
  return new AuthFailure(
    error.status,
    error.code,
    `Subscription ended: credential revoked (${error.message})`,
  );
}

/** What the caller lost since the stream opened: another user or organization, or a role. */
function lost(before: InternalContext, now: InternalContext): AuthFailure | undefined {
  if (before.userId !== now.userId || before.orgId !== now.orgId) {
    return new AuthFailure(
      403,
      'MEMBERSHIP_ENDED',
      'Subscription ended: membership ended (you are no longer a member of the organization it was opened in).',
    );
  }
  if (before.platformOperator === true && now.platformOperator !== true) {
    return new AuthFailure(
      403,
      'ROLE_CHANGED',
      'Subscription ended: the platform-operator role it was opened with has been taken away.',
    );
  }
  if (before.roles.some((role) => !now.roles.includes(role))) {
    return new AuthFailure(
      403,
      'ROLE_CHANGED',
      'Subscription ended: a role it was opened with has been taken away.',
    );
  }
  return undefined;
}
