/** One thing wrong with a rule: `field` is a path into it (`controlPlane[0].image`), `(rule)` for the whole. */
export interface FingerprintRuleIssue {
  field: string;
  message: string;
}

/** A rule that failed validation: the message names the source (file or registration) and every bad field. */
export class FingerprintRuleError extends Error {
  readonly code = 'INVALID_FINGERPRINT_RULE';

  constructor(
    readonly source: string,
    readonly issues: FingerprintRuleIssue[],
  ) {
    super(`${source}: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
    this.name = 'FingerprintRuleError';
  }
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let field = '';
  for (const segment of path) {
    if (typeof segment === 'number') field += `[${segment}]`;
    else field += field === '' ? String(segment) : `.${String(segment)}`;
  }
  return field === '' ? '(rule)' : field;
}
