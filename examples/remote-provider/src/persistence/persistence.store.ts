import { randomUUID } from 'node:crypto';

/** The kinds of records a remote provider may persist for Meshplane (advertised in capabilities). */
export const PERSISTED_KINDS = ['designs', 'performance-results'] as const;
export type PersistedKind = (typeof PERSISTED_KINDS)[number];

export interface PersistedRecord {
  id: string;
  name: string;
  content: Record<string, unknown>;
  version: number;
  updatedAt: string;
}

export interface Page {
  items: PersistedRecord[];
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;

/** Records per tenant (org, or the user when the token has no org) and kind, ordered by id for stable cursors. */
export class PersistenceStore {
  private readonly records = new Map<string, Map<string, PersistedRecord>>();

  list(tenant: string, kind: PersistedKind, limit: number, cursor: string | undefined): Page {
    const after = cursor === undefined ? '' : Buffer.from(cursor, 'base64url').toString('utf8');
    const sorted = [...this.bucket(tenant, kind).values()]
      .filter((record) => record.id > after)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const items = sorted.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: sorted.length > limit && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
    };
  }

  get(tenant: string, kind: PersistedKind, id: string): PersistedRecord | undefined {
    return this.bucket(tenant, kind).get(id);
  }

  /** Upsert; `created` tells the route whether to answer 201 or 200. */
  put(
    tenant: string,
    kind: PersistedKind,
    id: string,
    input: { name: string; content: Record<string, unknown> },
  ): { record: PersistedRecord; created: boolean } {
    const bucket = this.bucket(tenant, kind);
    const previous = bucket.get(id);
    const record: PersistedRecord = {
      id,
      name: input.name,
      content: input.content,
      version: (previous?.version ?? 0) + 1,
      updatedAt: new Date().toISOString(),
    };
    bucket.set(id, record);
    return { record, created: previous === undefined };
  }

  newId(): string {
    return randomUUID();
  }

  private bucket(tenant: string, kind: PersistedKind): Map<string, PersistedRecord> {
    const key = `${tenant}\u0000${kind}`;
    let bucket = this.records.get(key);
    if (!bucket) {
      bucket = new Map();
      this.records.set(key, bucket);
    }
    return bucket;
  }
}
