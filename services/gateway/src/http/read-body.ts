import type { IncomingMessage } from 'node:http';
import { isUtf8 } from 'node:buffer';

export class ClientRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ClientRequestError';
  }
}

/** Reads a request body up to `limit` bytes; a longer body is refused with 413 without buffering it all. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Turns a POST body into the JSON object Apollo expects, with a clear 400 for each kind of bad input.
 * Bodies that are not JSON at all (form posts, text) are passed on as undefined so Apollo's CSRF and
 * content-type checks answer them.
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  if (!isJsonContentType(contentType)) return undefined;
  if (!isUtf8(body)) throw new ClientRequestError(400, 'Request body is not valid UTF-8.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ClientRequestError(400, 'Request body is not valid JSON.');
  }
  if (Array.isArray(parsed)) throw new ClientRequestError(400, 'batched requests are not supported');
  if (parsed === null || typeof parsed !== 'object') {
    throw new ClientRequestError(400, 'Request body must be a JSON object with a "query" string.');
  }
  return parsed;
}

function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType === 'application/graphql-response+json';
}

function tooLarge(limit: number): ClientRequestError {
  return new ClientRequestError(413, `Request body is larger than the limit of ${limit} bytes.`);
}
