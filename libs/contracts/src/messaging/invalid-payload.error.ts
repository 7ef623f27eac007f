export interface PayloadIssue {
  /** Dotted path to the offending field, `(root)` for the payload itself. */
  path: string;
  message: string;
}

/** A payload that does not match its event's schema; nothing was published or handled. */
export class InvalidPayloadError extends Error {
  readonly code = 'EVENT_PAYLOAD_INVALID';

  constructor(
    readonly event: string,
    readonly issues: readonly PayloadIssue[],
  ) {
    super(`Invalid ${event} payload: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidPayloadError';
  }
}
