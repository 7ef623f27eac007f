import { describe, expect, it } from 'vitest';
import { DomainError } from '@meshplane/graphql';
import { decodeCursor, encodeCursor } from '../system-event.cursor.js';

function rejectionOf(cursor: string): DomainError {
  try {
    decodeCursor(cursor);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`cursor ${JSON.stringify(cursor)} was unexpectedly accepted`);
}

describe('system event cursors', () => {
  it('decode back to the stream sequence they were made from', () => {
    expect(decodeCursor(encodeCursor('1'))).toBe('1');
    expect(decodeCursor(encodeCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it('are opaque: the sequence does not show in the cursor', () => {
    expect(encodeCursor('42')).not.toContain('42');
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['empty', ''],
    ['without the prefix', Buffer.from('42').toString('base64url')],
    ['with a non-numeric sequence', Buffer.from('seq:1 OR 1=1').toString('base64url')],
    ['with a negative sequence', Buffer.from('seq:-1').toString('base64url')],
    ['with a sequence too long for bigint', Buffer.from(`seq:${'9'.repeat(20)}`).toString('base64url')],
  ])('are rejected as bad input naming `after` when %s', (_, cursor) => {
    const error = rejectionOf(cursor);

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'after' });
    expect(error.message).toMatch(/^after: /);
  });
});
