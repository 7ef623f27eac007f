import { ValidationFailedError } from '@meshplane/graphql';

const PREFIX = 'seq:';

/** Opaque cursors over the JetStream sequence, which totally orders the event log. */
export function encodeCursor(streamSeq: string): string {
  return Buffer.from(`${PREFIX}${streamSeq}`).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^[0-9]{1,19}$/.test(seq))
    throw new ValidationFailedError(field, 'is not a cursor returned by this API');
  return seq;
}
