import type { EventDefinition } from './event.definition.js';
import { InvalidPayloadError, type PayloadIssue } from './invalid-payload.error.js';

/** Validates an in-memory payload against its event schema; returns the parsed value. */
export function parsePayload<T>(event: EventDefinition<string, T>, payload: unknown): T {
  const result = event.schema.safeParse(payload);
  if (result.success) return result.data;
  throw new InvalidPayloadError(
    event.key,
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}

/** Decodes a message body (UTF-8 JSON) and validates it; any failure is an InvalidPayloadError. */
export function decodePayload<T>(event: EventDefinition<string, T>, body: Uint8Array): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    const issue: PayloadIssue = { path: '(root)', message: `not UTF-8 JSON (${(error as Error).message})` };
    throw new InvalidPayloadError(event.key, [issue]);
  }
  return parsePayload(event, value);
}

/** Serializes a payload after validating it. */
export function encodePayload<T>(event: EventDefinition<string, T>, payload: T): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(parsePayload(event, payload)));
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}
