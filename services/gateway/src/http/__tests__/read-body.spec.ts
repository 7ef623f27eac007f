import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseJsonBody, readBody, type ClientRequestError } from '../read-body.js';

const json = 'application/json';

function request(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

async function rejection(promise: Promise<unknown>): Promise<ClientRequestError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientRequestError;
  }
  throw new Error('expected a rejection');
}

describe('readBody', () => {
  it('returns the body when it fits the limit', async () => {
    expect((await readBody(request([Buffer.from('ab'), Buffer.from('cd')]), 4)).toString()).toBe('abcd');
  });

  it('refuses with 413 a body declared or streamed beyond the limit', async () => {
    const declared = await rejection(readBody(request([Buffer.from('x')], { 'content-length': '99' }), 10));
    const streamed = await rejection(readBody(request([Buffer.alloc(8), Buffer.alloc(8)]), 10));

    expect([declared.status, streamed.status]).toEqual([413, 413]);
    expect(streamed.message).toBe('Request body is larger than the limit of 10 bytes.');
  });
});

describe('parseJsonBody', () => {
  const parseError = (body: Buffer | string, contentType = json) => {
    try {
      parseJsonBody(Buffer.from(body), contentType);
    } catch (error) {
      return { status: (error as ClientRequestError).status, message: (error as Error).message };
    }
    return undefined;
  };

  it('parses a JSON object body', () => {
    expect(parseJsonBody(Buffer.from('{"query":"{ a }"}'), 'application/json; charset=utf-8')).toEqual({
      query: '{ a }',
    });
  });

  it('refuses invalid UTF-8, malformed JSON, batches and non-object JSON with 400', () => {
    expect(parseError(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({
      status: 400,
      message: 'Request body is not valid UTF-8.',
    });
    expect(parseError('{"query":')).toEqual({ status: 400, message: 'Request body is not valid JSON.' });
    expect(parseError('[{"query":"{ a }"}]')).toEqual({
      status: 400,
      message: 'batched requests are not supported',
    });
    expect(parseError('"{ a }"')?.status).toBe(400);
  });

  it('leaves non-JSON bodies to Apollo, whose CSRF and content-type checks answer them', () => {
    expect(parseJsonBody(Buffer.from('{ a }'), 'text/plain')).toBeUndefined();
  });
});
