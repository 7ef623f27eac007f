import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { traceLogFields } from '../logging/trace-log-fields.js';

describe('traceLogFields as a pino mixin', () => {
  it('returns a fresh object each time, so pino can merge a line’s own fields into it (tracing off)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ mixin: traceLogFields }, sink);
    logger.info({ url: 'http://127.0.0.1:4000/graphql' }, 'gateway listening');
    logger.error({ context: 'Bootstrap' }, 'could not listen');
    expect(traceLogFields()).not.toBe(traceLogFields());
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ url: 'http://127.0.0.1:4000/graphql' });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ context: 'Bootstrap' });
  });
});
