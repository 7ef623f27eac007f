/** Why a request failed without a complete response: the keys of LoadResult.errorClasses. */
export type ErrorClass =
  | 'timeout'
  | 'connect_refused'
  | 'connect_reset'
  | 'tls'
  | 'dns'
  | 'protocol'
  | 'body_too_large'
  | 'other';

/** The response body grew past the cap: the request is aborted so a multi-gigabyte body never fills memory. */
export class BodyTooLargeError extends Error {
  readonly code = 'LOADGEN_BODY_TOO_LARGE';
  constructor(limitBytes: number) {
    super(`response body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** No complete response within the per-request timeout. */
export class RequestTimeoutError extends Error {
  readonly code = 'LOADGEN_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** A gRPC response that breaks the protocol (no grpc-status at its end). */
export class GrpcProtocolError extends Error {
  readonly code = 'LOADGEN_GRPC_PROTOCOL';
  constructor(problem: string) {
    super(`gRPC: ${problem}`);
    this.name = 'GrpcProtocolError';
  }
}

const BY_CODE: Record<string, ErrorClass> = {
  LOADGEN_TIMEOUT: 'timeout',
  LOADGEN_BODY_TOO_LARGE: 'body_too_large',
  LOADGEN_GRPC_PROTOCOL: 'protocol',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connect_refused',
  ECONNRESET: 'connect_reset',
  EPIPE: 'connect_reset',
  ECONNABORTED: 'connect_reset',
  UND_ERR_SOCKET: 'connect_reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_INFO: 'protocol',
  UND_ERR_RESPONSE_STATUS_CODE: 'protocol',
  UND_ERR_HTTP2: 'protocol',
};

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_)/;
const PROTOCOL_CODE = /^(HPE_|ERR_HTTP2_|ERR_HTTP_)/;

/** Classifies a request failure by the first error code on its cause chain that names a known class. */
export function classifyError(error: unknown): ErrorClass {
  // undici wraps the socket's own error (a TLS failure, a reset) in UND_ERR_SOCKET: the cause says more.
  let fallback: ErrorClass = 'other';
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    const cause = (current as { cause?: unknown }).cause;
    if (current.name === 'HTTPParserError') return 'protocol';
    if (typeof code === 'string') {
      const known = BY_CODE[code];
      if (code === 'UND_ERR_SOCKET' && cause instanceof Error) fallback = 'connect_reset';
      else if (known !== undefined) return known;
      else if (TLS_CODE.test(code)) return 'tls';
      else if (PROTOCOL_CODE.test(code)) return 'protocol';
    }
    current = cause;
  }
  return fallback;
}
