import { Injectable, Logger } from '@nestjs/common';
import { readBoundedBody } from '@meshplane/auth';
import type { PerformanceResultRecorded } from '@meshplane/contracts';
import { isUuid } from '@meshplane/graphql';
import { TenancyDirectory } from '@meshplane/providers-tenancy';
import { RemoteGrantsService } from '../remote/remote-grants.service.js';
import {
  GrantRefusedError,
  PERSIST_RESULTS_FEATURE,
  PERSISTENCE_SCOPE,
} from '../remote/remote-oauth.client.js';
import { RemoteProvidersRegistry } from '../remote/remote-providers.registry.js';
import { ResultSyncsRepository, type SyncOutcome } from './result-syncs.repository.js';

const PUT_TIMEOUT_MS = 15_000;
/** Of a provider's answer, at most this much is read (its record's version; an error code). */
const ANSWER_MAX_BYTES = 64 * 1024;

/** An attempt that may succeed later (provider unreachable, 5xx, 408, 429): the delivery is retried with backoff. */
export class RetryableSyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableSyncError';
  }
}

/**
 * Stores a recorded performance result at the remote providers of the user who requested its run: every provider
 * the user signed in with and allowed `persistence`, that advertises `persist-performance-results`, while the user
 * is still a member of the result's organization. `PUT {endpoint}/{resultId}` with a fresh access token of the
 * user's grant (idempotent: a redelivery replaces the record with the same content). Each provider's outcome is
 * recorded; one provider failing does not hold the others back, and a provider already SYNCED is not called again.
 */
@Injectable()
export class ResultSyncService {
  private readonly logger = new Logger(ResultSyncService.name);

  constructor(
    private readonly grants: RemoteGrantsService,
    private readonly registry: RemoteProvidersRegistry,
    private readonly directory: TenancyDirectory,
    private readonly syncs: ResultSyncsRepository,
  ) {}

  /**
   * Syncs one result. Throws RetryableSyncError when a provider should be tried again later (after the others were
   * tried); `lastAttempt` records such a provider FAILED instead, giving up.
   */
  async sync(event: PerformanceResultRecorded, lastAttempt: boolean): Promise<void> {
    const { orgId, resultId, requestedBy: userId } = event;
    if (!isUuid(userId)) return;
    // A user who left the organization no longer takes its results anywhere.
    if ((await this.directory.roleIn(userId, orgId)) === undefined) return;
    const configured = new Set(this.registry.entries().map((entry) => entry.name));
    const retry: string[] = [];
    for (const grant of await this.grants.of(userId, PERSISTENCE_SCOPE)) {
      if (!configured.has(grant.provider)) continue;
      const key = { orgId, resultId, provider: grant.provider, userId };
      if ((await this.syncs.find(orgId, resultId, grant.provider))?.status === 'SYNCED') continue;
      let outcome: SyncOutcome | null;
      try {
        outcome = await this.store(grant.provider, userId, event);
      } catch (error) {
        if (!(error instanceof RetryableSyncError)) throw error;
        outcome = lastAttempt
          ? { status: 'FAILED', message: `gave up: ${error.message}` }
          : { status: 'RETRYING', message: error.message };
        if (!lastAttempt) retry.push(`${grant.provider}: ${error.message}`);
      }
      if (outcome) await this.syncs.record(key, outcome);
    }
    if (retry.length > 0) throw new RetryableSyncError(retry.join('; '));
  }

  /** One provider; null when it does not store results (nothing to record). */
  private async store(
    provider: string,
    userId: string,
    event: PerformanceResultRecorded,
  ): Promise<SyncOutcome | null> {
    let endpoint: URL | null;
    try {
      endpoint = await this.registry.advertised(provider, PERSIST_RESULTS_FEATURE);
    } catch {
      throw new RetryableSyncError(`${provider} could not be reached for its capabilities`);
    }
    if (!endpoint) return null;
    let accessToken: string | null;
    try {
      accessToken = await this.grants.accessToken(userId, provider);
    } catch (error) {
      if (error instanceof GrantRefusedError) {
        return { status: 'SIGN_IN_REQUIRED', message: error.message };
      }
      throw new RetryableSyncError(
        `${provider} did not renew Meshplane's grant: ${(error as Error).message}`,
      );
    }
    if (accessToken === null) return null;
    const url = recordUrl(endpoint, event.resultId);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ name: event.name, content: event.smp }),
        // The token goes to the provider's own origin only: a redirect is an error, never followed.
        redirect: 'error',
        signal: AbortSignal.timeout(PUT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new RetryableSyncError(`${provider} could not be reached: ${(error as Error).message}`);
    }
    const answer = await boundedJson(response, provider);
    if (response.ok) {
      const version = (answer as { version?: unknown } | null)?.version;
      this.logger.log(`result ${event.resultId} stored at ${provider}`);
      return {
        status: 'SYNCED',
        message: null,
        ...(typeof version === 'number' && Number.isInteger(version) ? { remoteVersion: version } : {}),
      };
    }
    const code = errorCode(answer);
    const said = `${provider} answered ${response.status}${code ? ` (${code})` : ''}`;
    if (response.status === 401 || response.status === 403) {
      return { status: 'SIGN_IN_REQUIRED', message: `${said}: sign in through ${provider} again` };
    }
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      throw new RetryableSyncError(said);
    }
    return { status: 'FAILED', message: said };
  }
}

/**
 * `{endpoint}/{id}` on the endpoint's own origin. Built from the parts, never resolved as a relative reference (a
 * path such as `//elsewhere/x` would then name another host); anything that leaves the origin is refused.
 */
export function recordUrl(endpoint: URL, id: string): URL {
  const url = new URL(endpoint.origin);
  url.pathname = `${endpoint.pathname.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
  if (url.origin !== endpoint.origin)
    throw new Error(`${endpoint.origin}: the record URL leaves the provider`);
  return url;
}

/** The answer as JSON when it is small JSON; null otherwise (never more than ANSWER_MAX_BYTES read). */
async function boundedJson(response: Response, provider: string): Promise<unknown> {
  try {
    return JSON.parse(await readBoundedBody(response, ANSWER_MAX_BYTES, provider)) as unknown;
  } catch {
    return null;
  }
}

/** The OAuth-style error code of an answer, when it is a plain short code (never free text from the provider). */
function errorCode(answer: unknown): string | null {
  const code = (answer as { error?: unknown } | null)?.error;
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : null;
}
