import { describe, expect, it } from 'vitest';
import { keysetAfterSql, keysetOrderSql, type BindValue, type Keyset } from '../index.js';

/** Binds as `$n::type`, collecting the values, as a raw-SQL repository does. */
function positional(): { bind: BindValue; values: string[] } {
  const values: string[] = [];
  return { values, bind: (value, type) => `$${values.push(value)}::${type}` };
}

const BY_NAME = [
  { sql: 't.name', type: 'text' },
  { sql: 't.id', type: 'uuid' },
] as const;
const ID = '3f2c1d0e-8a7b-4c6d-9e5f-0a1b2c3d4e5f';

describe('keysetOrderSql', () => {
  it('orders every column in the keyset direction, the tie-breaking id last', () => {
    expect(keysetOrderSql({ columns: BY_NAME, direction: 'ASC' })).toBe('t.name ASC, t.id ASC');
    expect(keysetOrderSql({ columns: BY_NAME, direction: 'DESC' })).toBe('t.name DESC, t.id DESC');
  });

  it('keeps a column that sorts its own way', () => {
    const keyset: Keyset = {
      columns: [
        { sql: 'h.v', type: 'bigint' },
        { sql: 'h.kind', type: 'text', direction: 'ASC' },
      ],
      direction: 'DESC',
    };
    expect(keysetOrderSql(keyset)).toBe('h.v DESC, h.kind ASC');
  });
});

describe('keysetAfterSql', () => {
  it('adds no condition on the first page', () => {
    const { bind, values } = positional();
    expect(keysetAfterSql({ columns: BY_NAME, direction: 'ASC' }, bind)).toBeUndefined();
    expect(values).toEqual([]);
  });

  it('resumes after (value, id) ascending, the id breaking ties, every value bound with its type', () => {
    const { bind, values } = positional();
    const sql = keysetAfterSql({ columns: BY_NAME, direction: 'ASC', after: ["web'); --", ID] }, bind);
    expect(sql).toBe('(t.name, t.id) > ($1::text, $2::uuid)');
    expect(values).toEqual(["web'); --", ID]);
  });

  it('resumes before (value, id) descending', () => {
    const { bind } = positional();
    expect(keysetAfterSql({ columns: BY_NAME, direction: 'DESC', after: ['web', ID] }, bind)).toBe(
      '(t.name, t.id) < ($1::text, $2::uuid)',
    );
  });

  it('compares a group of mixed order as equal-then-past, group by group', () => {
    const { bind } = positional();
    const keyset: Keyset = {
      columns: [
        { sql: 'h.v', type: 'bigint' },
        { sql: 'h.rv', type: 'text' },
        { sql: 'h.kind', type: 'text', direction: 'ASC' },
      ],
      direction: 'DESC',
      after: ['7', '7', 'delete'],
    };
    expect(keysetAfterSql(keyset, bind)).toBe(
      '(((h.v, h.rv) < ($1::bigint, $2::text)) OR ((h.v, h.rv) = ($1::bigint, $2::text) AND (h.kind) > ($3::text)))',
    );
  });

  it('refuses a position that does not hold one value per column', () => {
    const { bind } = positional();
    expect(() => keysetAfterSql({ columns: BY_NAME, direction: 'ASC', after: ['web'] }, bind)).toThrow(
      /one value per column: 2 expected, 1 given/,
    );
  });
});
