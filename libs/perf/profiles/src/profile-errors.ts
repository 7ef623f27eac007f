export interface ProfileIssue {
  /** The input field the issue is about, e.g. `endpoints[1]` or `headers.x-trace`. */
  field: string;
  message: string;
}

/** Input that is not a valid performance profile; every issue names its field. */
export class ProfileValidationError extends Error {
  readonly code = 'BAD_USER_INPUT';

  constructor(readonly issues: ProfileIssue[]) {
    super(
      `invalid performance profile: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'ProfileValidationError';
  }
}
