import type { InternalContext } from '@meshplane/auth';
import { ORG_HEADER } from '@meshplane/contracts';
import type { ExecutionResult } from 'graphql';
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
      end: (failure) => {
        revoked ??= { errors: [failure.toBody().errors[0]] } as unknown as ExecutionResult;
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
          const first = await Promise.race([upstream, revocation.then(() => undefined)]);
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
  if (before.roles.some((role) => !now.roles.includes(role))) {
    return new AuthFailure(
      403,
      'ROLE_CHANGED',
      'Subscription ended: a role it was opened with has been taken away.',
    );
  }
  return undefined;
}
