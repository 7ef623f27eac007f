import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { emptyConnection, pageOf } from '../connection.js';

describe('pageOf', () => {
  const rows = ['a', 'b', 'c'];
  const page = (size: number) =>
    pageOf(
      rows,
      size,
      (row) => `cursor-${row}`,
      (row) => row.toUpperCase(),
    );

  it('cuts the extra row off and reports that another page follows', () => {
    expect(page(2)).toEqual({
      edges: [
        { cursor: 'cursor-a', node: 'A' },
        { cursor: 'cursor-b', node: 'B' },
      ],
      pageInfo: { hasNextPage: true, endCursor: 'cursor-b' },
    });
  });

  it('reports the last page', () => {
    expect(page(3).pageInfo).toEqual({ hasNextPage: false, endCursor: 'cursor-c' });
  });

  it('has no end cursor on an empty page', () => {
    expect(pageOf([], 5, String, String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expect(emptyConnection()).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });
});
