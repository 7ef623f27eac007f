import { BodyTooLargeError, HttpProtocolError } from './error-class.js';

/** Limits a response must keep; past them the response is refused, never buffered. */
export interface ResponseLimits {
  /** Status line, headers and (chunked) trailers together. */
  maxHeaderBytes: number;
  /** Body bytes (after chunked framing is removed). */
  maxBodyBytes: number;
}

const enum Phase {
  Idle,
  Head,
  /** A Content-Length body, or one delimited by the close (untilClose); chunked bodies have the phases below. */
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  Done,
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;
const DIGITS = /^\d{1,15}$/;
/** A chunk size is hex digits, then optional extensions after `;` (ignored). 12 hex digits are 256 TiB. */
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[\t ]*(?:;.*)?$/;
const MAX_CHUNK_LINE_BYTES = 1024;

/** What feeding bytes achieved: the response is still incomplete, or it ended after `consumed` bytes of the chunk. */
export type ParseStep = { complete: false } | { complete: true; consumed: number; keepAlive: boolean };

const INCOMPLETE: ParseStep = { complete: false };

/**
 * An incremental HTTP/1.1 response parser for one connection, one response at a time (no pipelining). Linear in the
 * bytes fed whatever the chunking: the head is searched for its end only in new bytes and joined once; chunk-size and
 * trailer lines are bounded. Strict where leniency would change what is measured: a status line that is not HTTP/1.x,
 * a bad or conflicting Content-Length, an unknown transfer coding or a chunk line without CRLF are protocol errors.
 */
export class Http1ResponseParser {
  private phase = Phase.Idle;
  private headParts: Buffer[] = [];
  /** The last (up to) 3 bytes of headParts: where a terminator split over chunks begins. */
  private tail = EMPTY;
  private headBytes = 0;
  /** The body ends when the connection does (neither Content-Length nor chunked, RFC 9112 §6.3). */
  private untilClose = false;
  /** Length framing: body bytes still due; chunked: bytes of the current chunk still due. */
  private remaining = 0;
  private bodyBytes = 0;
  private keepAlive = true;
  private expectBody = true;
  private line = '';
  /** The response's status code, once its head is parsed (0 before). */
  status = 0;

  constructor(private readonly limits: ResponseLimits) {}

  /** Starts the response to a request just written; `expectBody` is false for HEAD (no body whatever the headers). */
  begin(expectBody: boolean): void {
    this.phase = Phase.Head;
    this.headParts = [];
    this.tail = EMPTY;
    this.headBytes = 0;
    this.untilClose = false;
    this.remaining = 0;
    this.bodyBytes = 0;
    this.keepAlive = true;
    this.expectBody = expectBody;
    this.line = '';
    this.status = 0;
  }

  /** Whether any byte of the current response arrived. */
  get started(): boolean {
    return this.headBytes > 0 || (this.phase !== Phase.Head && this.phase !== Phase.Idle);
  }

  /** Whether a response is being parsed (begun and not complete). */
  get active(): boolean {
    return this.phase !== Phase.Idle && this.phase !== Phase.Done;
  }

  /**
   * Feeds the next bytes of the connection. Throws HttpProtocolError or BodyTooLargeError. The chunk is not kept after
   * the call returns (what must outlive it is copied), so a reader may reuse one buffer for every read.
   */
  feed(chunk: Buffer): ParseStep {
    let offset = 0;
    while (offset < chunk.length || this.phase === Phase.Done) {
      switch (this.phase) {
        case Phase.Head:
          offset = this.feedHead(chunk, offset);
          break;
        case Phase.Body:
          offset = this.feedBody(chunk, offset);
          break;
        case Phase.ChunkSize:
        case Phase.ChunkDataEnd:
        case Phase.Trailers:
          offset = this.feedLine(chunk, offset);
          break;
        case Phase.ChunkData:
          offset = this.feedChunkData(chunk, offset);
          break;
        case Phase.Done:
          this.phase = Phase.Idle;
          return { complete: true, consumed: offset, keepAlive: this.keepAlive };
        case Phase.Idle:
          throw new HttpProtocolError('the server sent bytes while no request was waiting for them');
      }
    }
    return INCOMPLETE;
  }

  /**
   * The connection ended. Returns true when that completes the response (a body delimited by the close); false when
   * the response was cut short. Either way the connection is not reused.
   */
  end(): boolean {
    if (this.phase === Phase.Body && this.untilClose) {
      this.phase = Phase.Idle;
      return true;
    }
    return false;
  }

  private feedHead(chunk: Buffer, offset: number): number {
    let end = -1;
    if (this.tail.length > 0) {
      // The terminator may span earlier parts and this chunk: search the seam (last 3 bytes + first 3 bytes).
      const seam = Buffer.concat([this.tail, chunk.subarray(offset, offset + 3)]);
      const at = seam.indexOf(CRLF_CRLF);
      if (at >= 0) end = offset + at + 4 - this.tail.length;
    }
    if (end < 0) {
      const at = chunk.indexOf(CRLF_CRLF, offset);
      if (at >= 0) end = at + 4;
    }
    if (end < 0) {
      this.countHead(chunk.length - offset);
      // Copied: the caller may reuse the chunk's memory for its next read.
      const part = Buffer.from(chunk.subarray(offset));
      this.headParts.push(part);
      this.tail = Buffer.concat([this.tail, part.subarray(Math.max(0, part.length - 3))]);
      this.tail = this.tail.subarray(Math.max(0, this.tail.length - 3));
      return chunk.length;
    }
    this.countHead(end - offset);
    let head: string;
    if (this.headParts.length === 0) head = chunk.toString('latin1', offset, end - 4);
    else {
      this.headParts.push(chunk.subarray(offset, end));
      const all = Buffer.concat(this.headParts);
      head = all.toString('latin1', 0, all.length - 4);
      this.headParts = [];
      this.tail = EMPTY;
    }
    this.onHead(head);
    return end;
  }

  private onHead(head: string): void {
    const lines = head.split('\r\n');
    const statusLine = STATUS_LINE.exec(lines[0] ?? '');
    if (statusLine === null)
      throw new HttpProtocolError(
        `not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 64))}`,
      );
    const status = Number(statusLine[2]);
    let contentLength = -1;
    let codings = false;
    let connection = '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      // No name, whitespace before the colon, or an obsolete folded line: refused as llhttp refuses them.
      if (colon <= 0 || line.charCodeAt(colon - 1) <= 32 || line.charCodeAt(0) <= 32)
        throw new HttpProtocolError(`malformed header line: ${JSON.stringify(line.slice(0, 64))}`);
      // Only the three headers that frame the message are looked at; the rest are skipped unparsed.
      if (colon !== 14 && colon !== 17 && colon !== 10) continue;
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!DIGITS.test(value))
          throw new HttpProtocolError(`invalid Content-Length: ${JSON.stringify(value.slice(0, 32))}`);
        const length = Number(value);
        if (contentLength !== -1 && contentLength !== length)
          throw new HttpProtocolError('conflicting Content-Length headers');
        contentLength = length;
      } else if (name === 'transfer-encoding') {
        codings = true;
        const list = value.toLowerCase().split(',');
        if ((list[list.length - 1] as string).trim() !== 'chunked')
          throw new HttpProtocolError(`unsupported Transfer-Encoding: ${JSON.stringify(value.slice(0, 32))}`);
      } else if (name === 'connection') connection += `,${value.toLowerCase()}`;
    }
    // 1xx: an interim response (100 Continue, 103 Early Hints); the final one follows on the same connection.
    if (status >= 100 && status < 200) {
      if (status === 101)
        throw new HttpProtocolError('101 Switching Protocols to a request that asked for no upgrade');
      return;
    }
    this.status = status;
    const http10 = statusLine[1] === '0';
    const tokens = connection.split(',').map((token) => token.trim());
    this.keepAlive = tokens.includes('close') ? false : http10 ? tokens.includes('keep-alive') : true;
    if (!this.expectBody || status === 204 || status === 304) return this.finish();
    if (codings) {
      // Transfer-Encoding overrides Content-Length; such a message may be an attempt to smuggle, so do not reuse.
      if (contentLength !== -1) this.keepAlive = false;
      this.phase = Phase.ChunkSize;
      this.line = '';
      return;
    }
    if (contentLength !== -1) {
      if (contentLength > this.limits.maxBodyBytes) throw new BodyTooLargeError(this.limits.maxBodyBytes);
      if (contentLength === 0) return this.finish();
      this.remaining = contentLength;
      this.phase = Phase.Body;
      return;
    }
    this.untilClose = true;
    this.keepAlive = false;
    this.phase = Phase.Body;
  }

  private finish(): void {
    this.phase = Phase.Done;
  }

  private feedBody(chunk: Buffer, offset: number): number {
    const available = chunk.length - offset;
    if (this.untilClose) {
      this.countBody(available);
      return chunk.length;
    }
    const take = Math.min(available, this.remaining);
    this.remaining -= take; // the declared length was checked against the cap in onHead
    if (this.remaining === 0) this.finish();
    return offset + take;
  }

  private feedChunkData(chunk: Buffer, offset: number): number {
    const take = Math.min(chunk.length - offset, this.remaining);
    this.remaining -= take;
    this.countBody(take);
    if (this.remaining === 0) {
      this.phase = Phase.ChunkDataEnd;
      this.line = '';
    }
    return offset + take;
  }

  private countBody(bytes: number): void {
    this.bodyBytes += bytes;
    if (this.bodyBytes > this.limits.maxBodyBytes) throw new BodyTooLargeError(this.limits.maxBodyBytes);
  }

  /** Chunk-size lines, the CRLF after a chunk's data and trailer lines: read up to LF, bounded. */
  private feedLine(chunk: Buffer, offset: number): number {
    const lf = chunk.indexOf(10, offset);
    const stop = lf < 0 ? chunk.length : lf + 1;
    // Trailers count against the head limit; the framing lines have a small limit of their own.
    if (this.phase === Phase.Trailers) this.countHead(stop - offset);
    else if (this.line.length + (stop - offset) > MAX_CHUNK_LINE_BYTES)
      throw new HttpProtocolError('chunked framing: a chunk line longer than 1024 bytes');
    this.line += chunk.toString('latin1', offset, stop);
    if (lf < 0) return chunk.length;
    if (!this.line.endsWith('\r\n')) throw new HttpProtocolError('chunked framing: a line not ended by CRLF');
    const line = this.line.slice(0, -2);
    this.line = '';
    if (this.phase === Phase.Trailers) {
      if (line === '') this.finish();
    } else if (this.phase === Phase.ChunkDataEnd) {
      if (line !== '') throw new HttpProtocolError('chunked framing: chunk data longer than its size');
      this.phase = Phase.ChunkSize;
    } else {
      const size = CHUNK_SIZE.exec(line);
      if (size === null)
        throw new HttpProtocolError(
          `chunked framing: invalid chunk size line ${JSON.stringify(line.slice(0, 32))}`,
        );
      this.remaining = Number.parseInt(size[1] as string, 16);
      if (this.remaining === 0) this.phase = Phase.Trailers;
      else if (this.bodyBytes + this.remaining > this.limits.maxBodyBytes)
        throw new BodyTooLargeError(this.limits.maxBodyBytes);
      else this.phase = Phase.ChunkData;
    }
    return stop;
  }

  private countHead(bytes: number): void {
    this.headBytes += bytes;
    if (this.headBytes > this.limits.maxHeaderBytes) throw headTooLarge(this.limits.maxHeaderBytes);
  }
}

function headTooLarge(limit: number): HttpProtocolError {
  return new HttpProtocolError(`response head (status line, headers, trailers) larger than ${limit} bytes`);
}
