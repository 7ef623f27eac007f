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

/** An HTTP/1.1 response that breaks the protocol (a bad status line, framing or header block). */
export class HttpProtocolError extends Error {
  readonly code = 'LOADGEN_HTTP_PROTOCOL';
  constructor(problem: string) {
    super(`HTTP/1.1: ${problem}`);
    this.name = 'HttpProtocolError';
  }
}

/** The connection ended (closed or reset by the peer) before the response did. */
export class ConnectionClosedError extends Error {
  readonly code = 'LOADGEN_CONNECTION_CLOSED';
  constructor(cause?: Error) {
    super(
      cause
        ? `connection closed before the response ended: ${cause.message}`
        : 'connection closed before the response ended',
      cause ? { cause } : undefined,
    );
    this.name = 'ConnectionClosedError';
  }
}

/** No connection within the per-request timeout (the target does not answer the TCP or TLS handshake). */
export class ConnectTimeoutError extends Error {
  readonly code = 'LOADGEN_CONNECT_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`no connection within ${timeoutMs} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

const BY_CODE: Record<string, ErrorClass> = {
  LOADGEN_TIMEOUT: 'timeout',
  LOADGEN_BODY_TOO_LARGE: 'body_too_large',
  LOADGEN_GRPC_PROTOCOL: 'protocol',
  LOADGEN_HTTP_PROTOCOL: 'protocol',
  LOADGEN_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connect_refused',
  ECONNRESET: 'connect_reset',
  EPIPE: 'connect_reset',
  ECONNABORTED: 'connect_reset',
  UND_ERR_SOCKET: 'connect_reset',
  LOADGEN_CONNECTION_CLOSED: 'connect_reset',
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
  // undici (UND_ERR_SOCKET) and the HTTP/1.1 client (LOADGEN_CONNECTION_CLOSED) wrap the socket's own error (a TLS
  // failure, a reset): the cause says more.
  let fallback: ErrorClass = 'other';
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    const cause = (current as { cause?: unknown }).cause;
    if (current.name === 'HTTPParserError') return 'protocol';
    if (typeof code === 'string') {
      const known = BY_CODE[code];
      if ((code === 'UND_ERR_SOCKET' || code === 'LOADGEN_CONNECTION_CLOSED') && cause instanceof Error)
        fallback = 'connect_reset';
      else if (known !== undefined) return known;
      else if (TLS_CODE.test(code)) return 'tls';
      else if (PROTOCOL_CODE.test(code)) return 'protocol';
    }
    current = cause;
  }
  return fallback;
}
