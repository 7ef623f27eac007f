export interface SmpIssue {
  /** Where in the document, e.g. `clients[0].rps`. */
  path: string;
  message: string;
}

/** A document that is not a valid SMP object; each issue names the field it is about. */
export class SmpValidationError extends Error {
  readonly code = 'SMP_INVALID';

  constructor(
    readonly what: string,
    readonly issues: SmpIssue[],
  ) {
    super(
      `invalid ${what}: ${issues.map((issue) => `${issue.path || '(document)'}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'SmpValidationError';
  }
}
