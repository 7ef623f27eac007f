import { parseDocument } from 'yaml';
import { fingerprintRuleSchema, type FingerprintRule } from './fingerprint-rule.schema.js';
import { fieldPath, FingerprintRuleError } from './fingerprint-rule.error.js';

/** Validates a rule already parsed from YAML or JSON; `source` names it in errors (a file, an org's registration). */
export function parseFingerprintRule(input: unknown, source: string): FingerprintRule {
  const parsed = fingerprintRuleSchema.safeParse(input);
  if (!parsed.success) {
    throw new FingerprintRuleError(
      source,
      parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message })),
    );
  }
  return parsed.data;
}

/** Parses and validates one rule file's text; YAML syntax errors name the file and the line. */
export function parseFingerprintRuleYaml(text: string, source: string): FingerprintRule {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new FingerprintRuleError(
      source,
      document.errors.map((error) => ({
        field: error.linePos ? `line ${error.linePos[0].line}` : '(yaml)',
        message: error.message.split('\n')[0] ?? error.code,
      })),
    );
  }
  return parseFingerprintRule(document.toJS(), source);
}
