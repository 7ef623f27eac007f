import { verifyInternalContext } from '@meshplane/auth';
import {
  FINGERPRINT_RULES_AUDIENCE,
  fingerprintRulesRequestSchema,
  type FingerprintRulesResponse,
} from '@meshplane/contracts';
import { DomainError } from '@meshplane/graphql';

/**
 * Registers one rule for an organization (or, `null`, for every organization: a platform rule) as
 * registerMeshFingerprint does (registered by the adapter id); true when stored now.
 */
export type RegisterRule = (orgId: string | null, registeredBy: string, rule: unknown) => Promise<boolean>;

/**
 * Answers one fingerprint-rules request of adapters-broker: the context must be a service context signed for
 * meshsync-ingest naming the adapter's organization (or none, with `platform`: an operator's adapter, whose rules
 * apply to every organization); each rule is registered for that scope only, through the
 * same validation and versioning as registerMeshFingerprint (a rule not above the built-in or registered one is
 * refused, with why). Throws only when storing fails (the responder answers UNAVAILABLE).
 */
export async function answerFingerprintRules(
  body: unknown,
  secrets: readonly string[],
  register: RegisterRule,
  now?: number,
): Promise<FingerprintRulesResponse> {
  const parsed = fingerprintRulesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: 'INVALID',
      message: `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`.slice(0, 500),
    };
  }
  let orgId: string | undefined;
  try {
    orgId = verifyInternalContext(parsed.data.context, secrets, {
      audience: FINGERPRINT_RULES_AUDIENCE,
      kind: 'service',
      ...(now !== undefined && { now }),
    }).orgId;
  } catch {
    return {
      ok: false,
      code: 'UNAUTHORIZED',
      message: 'The request carries no valid service context for meshsync-ingest',
    };
  }
  // Platform rules only when asked for explicitly and the context names no organization; never one or the other.
  const platform = parsed.data.platform === true;
  if (platform && orgId !== undefined)
    return {
      ok: false,
      code: 'UNAUTHORIZED',
      message: "An organization's adapter cannot register rules for the platform",
    };
  if (!platform && orgId === undefined)
    return { ok: false, code: 'UNAUTHORIZED', message: 'The service context names no organization' };
  const scope = platform ? null : (orgId as string);
  let registered = 0;
  let unchanged = 0;
  const refused: { index: number; message: string }[] = [];
  for (const [index, rule] of parsed.data.rules.entries()) {
    try {
      if (await register(scope, parsed.data.adapterId, rule)) registered += 1;
      else unchanged += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.push({ index, message: error.message.slice(0, 500) });
    }
  }
  return { ok: true, registered, unchanged, refused };
}
