import { describe, expect, it } from 'vitest';
import { classifyError } from '../error-class.js';
import { Http1ResponseParser, type ParseStep } from '../http1-parser.js';

const limits = { maxHeaderBytes: 4096, maxBodyBytes: 1024 };

interface Parsed {
  status: number;
  consumed: number;
  keepAlive: boolean;
}

/** Feeds `raw` in pieces of `size` bytes; returns the completed response (consumed counted over the whole input). */
function parse(
  raw: string | Buffer,
  size = Number.MAX_SAFE_INTEGER,
  expectBody = true,
  parser = newParser(),
): Parsed {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  parser.begin(expectBody);
  for (let offset = 0; offset < bytes.length; offset += size) {
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + size));
    const step: ParseStep = parser.feed(piece);
    if (step.complete)
      return { status: parser.status, consumed: offset + step.consumed, keepAlive: step.keepAlive };
  }
  throw new Error('incomplete');
}

function newParser(custom = limits): Http1ResponseParser {
  return new Http1ResponseParser(custom);
}

/** Every way of cutting the input into pieces of one size gives the same answer. */
function parseEverySplit(raw: string, expectBody = true): Parsed {
  const whole = parse(raw, undefined, expectBody);
  for (const size of [1, 2, 3, 4, 5, 7, 13])
    expect(parse(raw, size, expectBody), `pieces of ${size} bytes`).toEqual(whole);
  return whole;
}

function failure(raw: string, size?: number, custom = limits): unknown {
  try {
    parse(raw, size, true, newParser(custom));
  } catch (error) {
    return error;
  }
  throw new Error('parsed without error');
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello';

describe('Http1ResponseParser', () => {
  it('reads a Content-Length response split at any byte, and says where it ended', () => {
    expect(parseEverySplit(OK)).toEqual({ status: 200, consumed: OK.length, keepAlive: true });
    // Bytes after the response are not consumed (the caller closes such a connection).
    expect(parse(`${OK}HTTP/1.1`)).toEqual({ status: 200, consumed: OK.length, keepAlive: true });
  });

  it('reads chunked bodies with extensions and trailers', () => {
    const raw =
      'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n' +
      '5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nx-trailer: yes\r\n\r\n';
    expect(parseEverySplit(raw)).toEqual({ status: 201, consumed: raw.length, keepAlive: true });
  });

  it('knows responses without a body: HEAD, 204, 304, Content-Length 0', () => {
    expect(parseEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', false).status).toBe(200);
    expect(parseEverySplit('HTTP/1.1 204 No Content\r\n\r\n').status).toBe(204);
    expect(parseEverySplit('HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n').status).toBe(304);
    expect(parseEverySplit('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n').consumed).toBe(38);
  });

  it('skips interim 1xx responses and refuses an unasked-for upgrade', () => {
    const raw = `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n${OK}`;
    expect(parseEverySplit(raw)).toEqual({ status: 200, consumed: raw.length, keepAlive: true });
    expect(classifyError(failure('HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\n\r\n'))).toBe(
      'protocol',
    );
  });

  it('decides keep-alive as RFC 9112 does', () => {
    expect(parse('HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 0\r\n\r\n').keepAlive).toBe(false);
    expect(
      parse('HTTP/1.1 200 OK\r\nconnection: Keep-Alive, Close\r\ncontent-length: 0\r\n\r\n').keepAlive,
    ).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n').keepAlive).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n').keepAlive).toBe(
      true,
    );
    // Transfer-Encoding beside Content-Length: chunked wins, and the connection is not trusted afterwards.
    const both = 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n';
    expect(parse(both)).toEqual({ status: 200, consumed: both.length, keepAlive: false });
  });

  it('reads a body delimited by the close of the connection', () => {
    const parser = newParser();
    parser.begin(true);
    expect(parser.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome body')).complete).toBe(false);
    expect(parser.feed(Buffer.from(' and more')).complete).toBe(false);
    expect(parser.end()).toBe(true);
    expect(parser.status).toBe(200);
    // Cut short: a Content-Length body or a head that the close interrupts is not complete.
    parser.begin(true);
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf'));
    expect(parser.end()).toBe(false);
    parser.begin(true);
    parser.feed(Buffer.from('HTTP/1.1 200 O'));
    expect(parser.end()).toBe(false);
  });

  it('refuses what is not HTTP/1.x or frames a message ambiguously, naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['HTTP/2 200\r\n\r\n', /not an HTTP\/1\.x status line/],
      ['SSH-2.0-OpenSSH\r\n\r\n', /not an HTTP\/1\.x status line/],
      ['HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\n', /conflicting Content-Length/],
      ['HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n', /invalid Content-Length/],
      ['HTTP/1.1 200 OK\r\ncontent-length: 1e3\r\n\r\n', /invalid Content-Length/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\n', /unsupported Transfer-Encoding/],
      ['HTTP/1.1 200 OK\r\ncontent-length : 5\r\n\r\nhello', /malformed header line/],
      ['HTTP/1.1 200 OK\r\nx: a\r\n folded\r\n\r\n', /malformed header line/],
      ['HTTP/1.1 200 OK\r\nno colon\r\n\r\n', /malformed header line/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', /invalid chunk size line/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1234567890abc\r\n', /invalid chunk size line/],
      [
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc\r\n',
        /chunk data longer than its size/,
      ],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\nab\r\n', /not ended by CRLF/],
      [
        `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1;${'x'.repeat(2000)}\r\n`,
        /longer than 1024 bytes/,
      ],
    ];
    for (const [raw, message] of cases)
      for (const size of [undefined, 1]) {
        const error = failure(raw, size);
        expect(error, JSON.stringify(raw)).toBeInstanceOf(Error);
        expect((error as Error).message, JSON.stringify(raw)).toMatch(message);
        expect(classifyError(error)).toBe('protocol');
      }
  });

  it('refuses bytes while no response is expected', () => {
    const parser = newParser();
    expect(() => parser.feed(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow(/no request was waiting/);
  });

  it('caps the head (with trailers) and the body, before buffering them', () => {
    const bigHead = `HTTP/1.1 200 OK\r\nx-filler: ${'a'.repeat(5000)}\r\ncontent-length: 0\r\n\r\n`;
    for (const size of [undefined, 1, 100])
      expect((failure(bigHead, size) as Error).message).toMatch(/response head .* larger than 4096 bytes/);
    const bigTrailers = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\nx: ${'t'.repeat(5000)}\r\n\r\n`;
    expect((failure(bigTrailers, 7) as Error).message).toMatch(/larger than 4096 bytes/);

    // A declared length over the cap is refused at once; a chunked or close-delimited body when it passes the cap.
    expect(classifyError(failure('HTTP/1.1 200 OK\r\ncontent-length: 1025\r\n\r\n'))).toBe('body_too_large');
    expect(classifyError(failure('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n401\r\n'))).toBe(
      'body_too_large',
    );
    const chunks = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${'200\r\n'.concat('b'.repeat(512), '\r\n').repeat(3)}`;
    expect(classifyError(failure(chunks, 64))).toBe('body_too_large');
    const untilClose = newParser();
    untilClose.begin(true);
    untilClose.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    untilClose.feed(Buffer.alloc(1024));
    expect(() => untilClose.feed(Buffer.alloc(1))).toThrow(/larger than 1024 bytes/);
  });

  it('parses a head fed one byte at a time in linear time', () => {
    // 192 KiB of headers byte by byte: joining the pieces on every byte (quadratic) would copy ~18 GB.
    const filler = Array.from({ length: 3000 }, (_, i) => `x-h${i}: ${'v'.repeat(60)}\r\n`).join('');
    const raw = Buffer.from(`HTTP/1.1 200 OK\r\n${filler}content-length: 2\r\n\r\nok`, 'latin1');
    const big = { maxHeaderBytes: 256 * 1024, maxBodyBytes: 1024 };
    const times: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      expect(parse(raw, 1, true, newParser(big))).toEqual({
        status: 200,
        consumed: raw.length,
        keepAlive: true,
      });
      times.push(performance.now() - started);
      if (times[attempt] < 2000) break; // more attempts only when a busy machine preempted this one
    }
    expect(Math.min(...times)).toBeLessThan(2000);
  });
});
