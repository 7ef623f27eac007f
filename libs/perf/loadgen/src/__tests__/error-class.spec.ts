import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, classifyError, RequestTimeoutError } from '../error-class.js';

const coded = (code: string, cause?: Error) => Object.assign(new Error(code, { cause }), { code });

describe('classifyError', () => {
  it.each([
    [coded('ECONNREFUSED'), 'connect_refused'],
    [coded('ECONNRESET'), 'connect_reset'],
    [coded('UND_ERR_SOCKET'), 'connect_reset'],
    [coded('UND_ERR_SOCKET', coded('ERR_TLS_CERT_ALTNAME_INVALID')), 'tls'],
    [coded('UND_ERR_SOCKET', coded('DEPTH_ZERO_SELF_SIGNED_CERT')), 'tls'],
    [coded('UND_ERR_SOCKET', new Error('no code')), 'connect_reset'],
    [coded('ENOTFOUND'), 'dns'],
    [coded('HPE_INVALID_CONSTANT'), 'protocol'],
    [coded('ERR_HTTP2_STREAM_ERROR'), 'protocol'],
    [Object.assign(new Error('Expected HTTP/'), { name: 'HTTPParserError' }), 'protocol'],
    [coded('UND_ERR_HEADERS_TIMEOUT'), 'timeout'],
    [new RequestTimeoutError(100), 'timeout'],
    [new BodyTooLargeError(10), 'body_too_large'],
    [new Error('something else'), 'other'],
    ['not an error', 'other'],
  ])('%s → %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });
});
