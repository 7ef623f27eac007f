import { describe, expect, it } from 'vitest';
import { PermanentError } from '@meshplane/messaging';
import { changeRows } from '../ingest/change-rows.js';
import { stagingCopyData } from '../ingest/change-staging.js';
import { isoToPostgresMicros } from '../ingest/copy-binary.js';
import { changes, DEPLOYMENT, remove, syncId, upsert } from './fixtures/discovery-events.js';

const org = '00000000-0000-4000-8000-000000000001';
const cluster = '00000000-0000-4000-8000-0000000000ab';

/** Reads COPY binary data back: each row as its fields' raw bytes (null for NULL), as Postgres would. */
function copyRows(data: Buffer): (Buffer | null)[][] {
  expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  let offset = 19;
  const rows: (Buffer | null)[][] = [];
  for (;;) {
    const fields = data.readInt16BE(offset);
    offset += 2;
    if (fields === -1) break;
    const row: (Buffer | null)[] = [];
    for (let i = 0; i < fields; i++) {
      const length = data.readInt32BE(offset);
      offset += 4;
      row.push(length === -1 ? null : data.subarray(offset, offset + length));
      offset += Math.max(length, 0);
    }
    rows.push(row);
  }
  expect(offset).toBe(data.length);
  return rows;
}

const text = (field: Buffer | null | undefined) => field?.toString('utf8');
const jsonb = (field: Buffer | null | undefined) => {
  expect(field?.[0]).toBe(1);
  return JSON.parse(field?.subarray(1).toString('utf8') ?? '') as unknown;
};
const micros = (field: Buffer | null | undefined) => Number(field?.readBigInt64BE(0));

describe('stagingCopyData', () => {
  it('writes every row in the staging table column order, each value in its binary form, NULL as NULL', () => {
    const at = new Date('2031-05-06T07:08:09.123Z');
    const rows = changeRows([
      changes(
        org,
        cluster,
        DEPLOYMENT,
        [
          upsert(DEPLOYMENT, {
            uid: 'a',
            name: 'web',
            namespace: 'shop',
            rv: 7,
            syncId: syncId(1),
            labels: { app: 'web' },
          }),
          remove({ uid: 'b', name: 'api', rv: 8 }),
        ],
        at,
      ),
    ]);

    const [a, b] = copyRows(stagingCopyData(rows));

    expect(a).toHaveLength(15);
    expect(a?.[0]?.toString('hex')).toBe(cluster.replaceAll('-', ''));
    expect(a?.slice(1, 8).map(text)).toEqual(['a', 'apps', 'v1', 'Deployment', 'shop', 'web', '7']);
    expect(a?.[8]?.readBigInt64BE(0)).toBe(7n);
    expect(jsonb(a?.[9])).toEqual({ app: 'web' });
    expect(jsonb(a?.[10])).toEqual(rows[0]?.object);
    expect(text(a?.[11])).toBe(syncId(1));
    expect(a?.[12]).toEqual(Buffer.from([1]));
    expect(a?.[13]).toBeNull();
    expect(micros(a?.[14])).toBe((at.getTime() - Date.UTC(2000, 0, 1)) * 1000);
    expect(b?.[6]?.toString()).toBe('api');
    expect([b?.[10], b?.[11], b?.[12]]).toEqual([null, null, Buffer.from([0])]);
    expect(micros(b?.[13])).toBe(micros(a?.[14]));
  });

  it('passes names and objects with tabs, newlines, backslashes, quotes and non-ASCII through unchanged', () => {
    const awkward = 'tab\there, line\nbreak, back\\slash \\N, "quoted", ünïcödé 🚀';
    const object = { metadata: { name: awkward }, data: { 'a\\b': 'c\nd' } };
    const [row] = copyRows(
      stagingCopyData(
        changeRows([
          changes(org, cluster, DEPLOYMENT, [
            { ...upsert(DEPLOYMENT, { uid: 'u\\1', name: awkward, namespace: 'n\ts', rv: 1 }), object },
          ]),
        ]),
      ),
    );

    expect([text(row?.[1]), text(row?.[5]), text(row?.[6])]).toEqual(['u\\1', 'n\ts', awkward]);
    expect(jsonb(row?.[10])).toEqual(object);
  });

  it('refuses text that is not well-formed Unicode instead of storing U+FFFD in its place', () => {
    const rows = changeRows([
      changes(org, cluster, DEPLOYMENT, [upsert(DEPLOYMENT, { uid: 'a', name: 'bad\ud800name', rv: 1 })]),
    ]);

    expect(() => stagingCopyData(rows)).toThrow(PermanentError);
  });
});

describe('isoToPostgresMicros', () => {
  it('counts microseconds from 2000-01-01 UTC, offsets and sub-millisecond digits included', () => {
    expect(isoToPostgresMicros('2000-01-01T00:00:00Z')).toBe(0);
    expect(isoToPostgresMicros('2000-01-01T01:00:00.000001+01:00')).toBe(1);
    expect(isoToPostgresMicros('2000-01-01T00:00:01.5Z')).toBe(1_500_000);
    expect(isoToPostgresMicros('2000-01-01T00:00:00.1234567Z')).toBe(123_456);
    expect(isoToPostgresMicros('1999-12-31T23:59:59Z')).toBe(-1_000_000);
  });

  it('refuses what is not a timestamp', () => {
    expect(() => isoToPostgresMicros('yesterday')).toThrow(TypeError);
  });
});
