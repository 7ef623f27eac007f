import type { IncomingHttpHeaders } from 'node:http';
import { ClientRequestError } from './read-body.js';

/** What a browser may send across sites without a CORS preflight (Apollo's list). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Headers whose presence proves the browser ran a preflight (Apollo's recommended set). */
export const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

/**
 * Apollo Server's CSRF prevention, for the transports Apollo does not see (SSE): a request must either
 * carry a content type a cross-site form cannot send, or a header that forces a preflight. A plain
 * `EventSource` or `<img>` GET carries neither, so it cannot run an operation with the victim's cookies
 * or ambient credentials.
 */
export function preventCsrf(headers: IncomingHttpHeaders): void {
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (essence !== '' && !SIMPLE_CONTENT_TYPES.includes(essence)) return;
  }
  if (PREFLIGHT_HEADERS.some((name) => nonEmpty(headers[name]))) return;
  throw new ClientRequestError(
    400,
    `This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Send a ` +
      `'content-type' header other than ${SIMPLE_CONTENT_TYPES.join(', ')}, or a non-empty ` +
      `${PREFLIGHT_HEADERS.join(' or ')} header.`,
  );
}

function nonEmpty(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.some((v) => v.length > 0) : value !== undefined && value.length > 0;
}
