import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@meshplane/auth';
import { HttpError, readJson, sendJson } from '../http/http-io.js';
import { MAX_PAGE_SIZE, type PersistedKind, type PersistenceStore } from './persistence.store.js';

const ID = /^[A-Za-z0-9_-]{1,128}$/;

export class PersistenceRoutes {
  constructor(private readonly store: PersistenceStore) {}

  list(principal: Principal, kind: PersistedKind, url: URL, res: ServerResponse): void {
    const limit = Number(url.searchParams.get('limit') ?? '20');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new HttpError(400, {
        error: 'invalid_request',
        error_description: `limit must be 1..${MAX_PAGE_SIZE}`,
      });
    }
    const cursor = url.searchParams.get('cursor') ?? undefined;
    sendJson(res, 200, this.store.list(tenantOf(principal), kind, limit, cursor));
  }

  get(principal: Principal, kind: PersistedKind, id: string, res: ServerResponse): void {
    const record = this.store.get(tenantOf(principal), kind, validId(id));
    if (!record) throw new HttpError(404, { error: 'not_found' });
    sendJson(res, 200, record);
  }

  async put(
    principal: Principal,
    kind: PersistedKind,
    id: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const body = await readJson(req);
    if (!isRecordInput(body)) {
      throw new HttpError(400, {
        error: 'invalid_request',
        error_description: 'body must be { name: string, content: object }',
      });
    }
    const { record, created } = this.store.put(tenantOf(principal), kind, validId(id), body);
    sendJson(res, created ? 201 : 200, record);
  }
}

/** Records belong to the organisation when the token names one, else to the user alone. */
function tenantOf(principal: Principal): string {
  return principal.orgId === undefined ? `user:${principal.subject}` : `org:${principal.orgId}`;
}

function validId(id: string): string {
  if (!ID.test(id)) throw new HttpError(400, { error: 'invalid_request', error_description: 'malformed id' });
  return id;
}

function isRecordInput(value: unknown): value is { name: string; content: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const { name, content } = value as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    name !== '' &&
    typeof content === 'object' &&
    content !== null &&
    !Array.isArray(content)
  );
}
