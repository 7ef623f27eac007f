import { describe, expect, it } from 'vitest';
import { ManualClock } from '@meshplane/runtime';
import { HistoryPurger } from '../history/history-purger.js';
import type { ResourceHistoryRepository } from '../history/resource-history.repository.js';

const T0 = Date.parse('2031-05-01T00:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;

/** A history that has `rows[org]` old rows per organization and deletes them in the batches it is asked for. */
function historyOf(rows: Record<string, number>) {
  const cutoffs: Date[] = [];
  const repository = {
    orgsWithHistoryBefore: (cutoff: Date) => {
      cutoffs.push(cutoff);
      return Promise.resolve(Object.keys(rows));
    },
    deleteBefore: (orgId: string, cutoff: Date, limit: number) => {
      cutoffs.push(cutoff);
      const deleted = Math.min(rows[orgId] ?? 0, limit);
      rows[orgId] = (rows[orgId] ?? 0) - deleted;
      return Promise.resolve(deleted);
    },
  } as unknown as ResourceHistoryRepository;
  return { repository, cutoffs, rows };
}

describe('HistoryPurger', () => {
  it("cuts at the retention before the clock's now and deletes each organization's old rows batch by batch", async () => {
    const history = historyOf({ a: 12_001, b: 3 });
    const purger = new HistoryPurger(history.repository, new ManualClock(T0), {
      INVENTORY_HISTORY_RETENTION_HOURS: 72,
      INVENTORY_INGEST_CONCURRENCY: 1,
      INVENTORY_COMMIT_CONCURRENCY: 1,
    });

    expect(await purger.purge()).toBe(12_004);
    expect(history.rows).toEqual({ a: 0, b: 0 });
    expect(new Set(history.cutoffs.map((cutoff) => cutoff.getTime()))).toEqual(new Set([T0 - 72 * HOUR_MS]));
  });
});
