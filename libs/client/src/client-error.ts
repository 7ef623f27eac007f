/** One entry of a GraphQL response's `errors`, as Meshplane's gateway formats it. */
export interface GraphqlErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  /** `code` always; `field` on bad input, `reason` on refusals, `retryAfterSeconds` when throttled. */
  extensions?: Record<string, unknown>;
}

/** The server answered, and refused or failed the operation: the errors it gave, and the HTTP status. */
export class GraphqlRequestError extends Error {
  constructor(
    readonly errors: readonly GraphqlErrorEntry[],
    readonly status: number,
    readonly operationName?: string,
  ) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${status}`);
    this.name = 'GraphqlRequestError';
  }

  /** `extensions.code` of the first error (`UNAUTHENTICATED`, `FORBIDDEN`, `BAD_USER_INPUT`, `NOT_FOUND`, …). */
  get code(): string | undefined {
    return stringExtension(this.errors[0], 'code');
  }

  /** The input field a `BAD_USER_INPUT` error is about, when the server named one. */
  get field(): string | undefined {
    return stringExtension(this.errors[0], 'field');
  }

  /** Why a credential or permission was refused (`TOKEN_EXPIRED`, `TOKEN_REVOKED`, `SESSION_REQUIRED`, …). */
  get reason(): string | undefined {
    return stringExtension(this.errors[0], 'reason');
  }
}

/** No GraphQL answer at all: the server could not be reached, timed out, or answered with something else. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

function stringExtension(entry: GraphqlErrorEntry | undefined, key: string): string | undefined {
  const value = entry?.extensions?.[key];
  return typeof value === 'string' ? value : undefined;
}
