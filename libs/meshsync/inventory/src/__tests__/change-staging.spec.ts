import { describe, expect, it } from 'vitest';
import { PermanentError } from '@meshplane/messaging';
import { changeRows, type ChangeRow } from '../ingest/change-rows.js';
import { stagingCopyData } from '../ingest/change-staging.js';
import { changes, DEPLOYMENT, remove, syncId, upsert } from './fixtures/discovery-events.js';

const org = '00000000-0000-4000-8000-000000000001';
const cluster = '00000000-0000-4000-8000-000000000002';

/** Undoes COPY text escaping of one field, as Postgres does ('\N' alone is NULL). */
function unescape(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
}

function fields(rows: ChangeRow[]): (string | null)[][] {
  const text = stagingCopyData(rows).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split('\t').map(unescape));
}

describe('stagingCopyData', () => {
  it('writes one line per row, its columns in the staging table order, nulls as \\N', () => {
    const rows = changeRows([
      changes(org, cluster, DEPLOYMENT, [
        upsert(DEPLOYMENT, { uid: 'a', name: 'web', namespace: 'shop', rv: 7, syncId: syncId(1) }),
        remove({ uid: 'b', name: 'api', rv: 8 }),
      ]),
    ]);

    const [a, b] = fields(rows);

    expect(a).toEqual([
      rows[0]?.id,
      cluster,
      'a',
      'apps',
      'v1',
      'Deployment',
      'shop',
      'web',
      '7',
      '7',
      '{}',
      JSON.stringify(rows[0]?.object),
      syncId(1),
      't',
      null,
      rows[0]?.observed_at,
    ]);
    expect(b?.slice(9, 16)).toEqual(['8', '{}', null, null, 'f', rows[1]?.deleted_at, rows[1]?.observed_at]);
  });

  it('escapes what COPY text would misread in names and keeps JSON intact, backslashes and all', () => {
    const awkward = 'tab\there, line\nbreak, cr\r, back\\slash, "quoted", ünïcödé 🚀';
    const [row] = fields(
      changeRows([
        changes(org, cluster, DEPLOYMENT, [
          {
            ...upsert(DEPLOYMENT, { uid: 'u\\1', name: awkward, namespace: 'n\ts', rv: 1 }),
            object: { metadata: { name: awkward, labels: { note: awkward } }, data: { 'a\\b': 'c\nd' } },
          },
        ]),
      ]),
    );

    expect(row?.length).toBe(16);
    expect(row?.[2]).toBe('u\\1');
    expect(row?.[6]).toBe('n\ts');
    expect(row?.[7]).toBe(awkward);
    expect(JSON.parse(row?.[10] ?? '')).toEqual({ note: awkward });
    expect(JSON.parse(row?.[11] ?? '')).toEqual({
      metadata: { name: awkward, labels: { note: awkward } },
      data: { 'a\\b': 'c\nd' },
    });
  });

  it('refuses text that is not well-formed Unicode instead of storing U+FFFD in its place', () => {
    const rows = changeRows([
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: 'a', name: 'bad\ud800name', rv: 1 })]),
    ]);

    expect(() => stagingCopyData(rows)).toThrow(PermanentError);
  });
});
