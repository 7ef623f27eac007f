import { ProfileValidationError, type ProfileIssue } from './profile-errors.js';
import {
  PROFILE_GENERATORS,
  PROFILE_LIMITS as LIMITS,
  PROFILE_PROTOCOLS,
  type PerformanceProfileInput,
} from './profile.js';

// Every C0 control, DEL and the C1 block; tab is allowed only where a header value may carry it.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_TAB = /[\u0000-\u001f\u007f-\u009f]/;
/** RFC 9110 token: header names and methods. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function checkInteger(issues: ProfileIssue[], field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({ field, message: `must be an integer from ${min} to ${max}` });
  }
}

function checkEndpoint(issues: ProfileIssue[], field: string, value: string): void {
  if (value.length > LIMITS.urlLength) {
    issues.push({ field, message: `must be at most ${LIMITS.urlLength} characters` });
    return;
  }
  if (CONTROL_OR_TAB.test(value) || /\s/.test(value)) {
    issues.push({ field, message: 'must not contain whitespace or control characters' });
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ field, message: 'must be an absolute http or https URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({ field, message: 'must be an absolute http or https URL' });
  } else if (url.username || url.password) {
    issues.push({ field, message: 'must not carry credentials (send them as a header)' });
  } else if (!url.hostname) {
    issues.push({ field, message: 'must name a host' });
  }
}

/**
 * Checks a profile input against the bounds in `PROFILE_LIMITS` and returns it normalized (method upper-cased,
 * name trimmed). Throws one `ProfileValidationError` listing every bad field.
 */
export function validateProfileInput(input: PerformanceProfileInput): PerformanceProfileInput {
  const issues: ProfileIssue[] = [];
  const name = input.name.trim();
  if (name.length === 0) issues.push({ field: 'name', message: 'must not be empty' });
  else if (name.length > LIMITS.nameLength)
    issues.push({ field: 'name', message: `must be at most ${LIMITS.nameLength} characters` });
  if (CONTROL_OR_TAB.test(name))
    issues.push({ field: 'name', message: 'must not contain control characters' });

  if (input.endpoints.length === 0)
    issues.push({ field: 'endpoints', message: 'must list at least one URL' });
  else if (input.endpoints.length > LIMITS.endpoints)
    issues.push({ field: 'endpoints', message: `must list at most ${LIMITS.endpoints} URLs` });
  input.endpoints
    .slice(0, LIMITS.endpoints)
    .forEach((endpoint, index) => checkEndpoint(issues, `endpoints[${index}]`, endpoint));

  checkInteger(issues, 'durationMs', input.durationMs, 1, LIMITS.maxDurationMs);
  checkInteger(issues, 'workers', input.workers, 1, LIMITS.maxWorkers);
  if (input.model.kind === 'closed') {
    checkInteger(issues, 'model.concurrency', input.model.concurrency, 1, LIMITS.maxConcurrency);
  } else if (input.model.kind === 'open') {
    checkInteger(issues, 'model.rate', input.model.rate, 1, LIMITS.maxRate);
    checkInteger(issues, 'model.connections', input.model.connections, 1, LIMITS.maxConcurrency);
    // SMP carries the rate per worker as an integer: an uneven split would not read back the same.
    if (Number.isInteger(input.model.rate) && Number.isInteger(input.workers) && input.workers > 0) {
      if (input.model.rate % input.workers !== 0)
        issues.push({
          field: 'model.rate',
          message: 'must be a multiple of workers (each worker sends an equal share)',
        });
    }
  } else {
    issues.push({ field: 'model.kind', message: 'must be closed or open' });
  }

  if (!PROFILE_GENERATORS.includes(input.generator))
    issues.push({ field: 'generator', message: `must be one of ${PROFILE_GENERATORS.join(', ')}` });
  if (!PROFILE_PROTOCOLS.includes(input.protocol))
    issues.push({ field: 'protocol', message: `must be one of ${PROFILE_PROTOCOLS.join(', ')}` });
  const method = input.method.toUpperCase();
  if (!TOKEN.test(method) || method.length > LIMITS.methodLength)
    issues.push({
      field: 'method',
      message: `must be an HTTP method token of at most ${LIMITS.methodLength} characters`,
    });

  const headerEntries = Object.entries(input.headers);
  if (headerEntries.length > LIMITS.headers)
    issues.push({ field: 'headers', message: `must have at most ${LIMITS.headers} entries` });
  let headerBytes = 0;
  for (const [key, value] of headerEntries.slice(0, LIMITS.headers)) {
    headerBytes += utf8Bytes(key) + utf8Bytes(value);
    if (!TOKEN.test(key) || key.length > LIMITS.headerNameLength)
      issues.push({ field: `headers.${key.slice(0, 64)}`, message: 'name must be a header token' });
    if (CONTROL.test(value))
      issues.push({
        field: `headers.${key.slice(0, 64)}`,
        message: 'value must not contain control characters',
      });
  }
  if (headerBytes > LIMITS.headersBytes)
    issues.push({ field: 'headers', message: `must total at most ${LIMITS.headersBytes} bytes` });

  if (input.body !== undefined && utf8Bytes(input.body) > LIMITS.bodyBytes)
    issues.push({ field: 'body', message: `must be at most ${LIMITS.bodyBytes} bytes` });
  // Stored as Postgres text, which cannot hold U+0000.
  if (input.body?.includes('\u0000'))
    issues.push({ field: 'body', message: 'must not contain NUL characters' });

  const labelEntries = Object.entries(input.labels);
  if (labelEntries.length > LIMITS.labels)
    issues.push({ field: 'labels', message: `must have at most ${LIMITS.labels} entries` });
  for (const [key, value] of labelEntries.slice(0, LIMITS.labels)) {
    if (!LABEL_KEY.test(key) || key.length > LIMITS.labelKeyLength)
      issues.push({
        field: `labels.${key.slice(0, 64)}`,
        message: `key must be letters, digits, . _ / - (at most ${LIMITS.labelKeyLength})`,
      });
    if (value.length > LIMITS.labelValueLength || CONTROL_OR_TAB.test(value))
      issues.push({
        field: `labels.${key.slice(0, 64)}`,
        message: `value must be at most ${LIMITS.labelValueLength} characters without control characters`,
      });
  }

  if (issues.length > 0) throw new ProfileValidationError(issues);
  return { ...input, name, method };
}
