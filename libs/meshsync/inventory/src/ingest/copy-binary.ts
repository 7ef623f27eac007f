/**
 * Builds data for `COPY … FROM STDIN (FORMAT binary)`: a signature, then per row a field count and each field
 * as its length and its type's binary form. Nothing is escaped or parsed as text on either side, and strings
 * are encoded straight into the buffer (no per-row line strings to join and re-encode).
 * See https://www.postgresql.org/docs/current/sql-copy.html (Binary Format).
 */
export class CopyBinaryWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(SIGNATURE.length + 2, expectedBytes));
    SIGNATURE.copy(this.buffer, 0);
    this.offset = SIGNATURE.length;
  }

  row(fields: number): this {
    this.room(2);
    this.offset = this.buffer.writeInt16BE(fields, this.offset);
    return this;
  }

  null(): this {
    this.room(4);
    this.offset = this.buffer.writeInt32BE(-1, this.offset);
    return this;
  }

  text(value: string): this {
    this.room(4 + value.length * 3);
    const written = this.buffer.write(value, this.offset + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.offset);
    this.offset += 4 + written;
    return this;
  }

  /** jsonb's binary form: version 1, then the JSON text. */
  jsonb(json: string): this {
    this.room(5 + json.length * 3);
    this.buffer[this.offset + 4] = JSONB_VERSION;
    const written = this.buffer.write(json, this.offset + 5, 'utf8');
    this.buffer.writeInt32BE(written + 1, this.offset);
    this.offset += 5 + written;
    return this;
  }

  bool(value: boolean): this {
    this.room(5);
    this.offset = this.buffer.writeInt32BE(1, this.offset);
    this.buffer[this.offset++] = value ? 1 : 0;
    return this;
  }

  /** A decimal integer that fits a bigint (the caller checked). */
  int8(decimal: string): this {
    this.room(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.offset = this.buffer.writeBigInt64BE(BigInt(decimal), this.offset);
    return this;
  }

  /** Microseconds since 2000-01-01 UTC, as timestamptz is sent. */
  timestamptz(micros: number): this {
    this.room(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    const high = Math.floor(micros / 2 ** 32);
    this.offset = this.buffer.writeInt32BE(high, this.offset);
    this.offset = this.buffer.writeUInt32BE(micros - high * 2 ** 32, this.offset);
    return this;
  }

  /** A UUID in its canonical text form (8-4-4-4-12 hex digits); anything else is refused. */
  uuid(value: string): this {
    if (!UUID.test(value)) throw new TypeError(`not a UUID: ${JSON.stringify(value)}`);
    this.room(20);
    this.offset = this.buffer.writeInt32BE(16, this.offset);
    this.buffer.write(value.replaceAll('-', ''), this.offset, 16, 'hex');
    this.offset += 16;
    return this;
  }

  /** The data, ended by the file trailer. The writer is spent. */
  finish(): Buffer {
    this.room(2);
    this.offset = this.buffer.writeInt16BE(-1, this.offset);
    return this.buffer.subarray(0, this.offset);
  }

  private room(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

/** `PGCOPY\n\377\r\n\0`, then 32-bit flags and header-extension length, both 0. */
const SIGNATURE = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const JSONB_VERSION = 1;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** 2000-01-01T00:00:00Z, Postgres' epoch, in Unix milliseconds. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const FRACTION = /\.(\d+)/;

/**
 * An ISO 8601 timestamp (with offset, as the contract requires) as microseconds since Postgres' epoch,
 * keeping the microseconds Date drops; digits beyond them are cut (timestamps are stored to the millisecond).
 */
export function isoToPostgresMicros(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not a timestamp: ${JSON.stringify(iso)}`);
  const fraction = FRACTION.exec(iso)?.[1] ?? '';
  const subMillisecond = Number(fraction.slice(3, 6).padEnd(3, '0'));
  return (ms - POSTGRES_EPOCH_MS) * 1000 + subMillisecond;
}
