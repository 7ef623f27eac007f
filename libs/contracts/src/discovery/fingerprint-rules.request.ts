import { z } from 'zod';
import { defineRequest } from '../messaging/request.definition.js';

/** The audience of the service context the broker signs to register an adapter's fingerprint rules. */
export const FINGERPRINT_RULES_AUDIENCE = 'meshsync-ingest';

export const fingerprintRulesRequestSchema = z.object({
  /**
   * A signed internal context of kind `service` for FINGERPRINT_RULES_AUDIENCE naming the adapter's organization, or
   * naming none when `platform` is set.
   */
  context: z.string().min(1).max(8_000),
  /**
   * An operator's adapter (every organization uses it): its rules are registered for the whole platform. Only with a
   * context that names no organization; an organization's adapter can never register for others.
   */
  platform: z.boolean().optional(),
  /** The adapter the rules come from (recorded as who registered them). */
  adapterId: z.uuid(),
  /** The adapter's fingerprint rules as it announced them (ListFingerprints): each validated like registerMeshFingerprint. */
  rules: z.array(z.record(z.string(), z.unknown())).max(100),
});
export type FingerprintRulesRequest = z.infer<typeof fingerprintRulesRequestSchema>;

export const fingerprintRulesFailures = ['UNAUTHORIZED', 'INVALID', 'UNAVAILABLE'] as const;

export const fingerprintRulesResponseSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** Rules stored now (new, or a higher ruleVersion), and rules already stored as they are. */
    registered: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    /** Rules not taken, each with why (invalid, or not above the built-in or registered rule's version). */
    refused: z.array(z.object({ index: z.number().int().min(0), message: z.string().max(500) })).max(100),
  }),
  z.object({ ok: z.literal(false), code: z.enum(fingerprintRulesFailures), message: z.string().max(500) }),
]);
export type FingerprintRulesResponse = z.infer<typeof fingerprintRulesResponseSchema>;

/**
 * adapters-broker → meshsync-ingest: an adapter announces fingerprint rules for its mesh (proto ListFingerprints);
 * discovery registers them for the adapter's organization, as registerMeshFingerprint would (an operator's adapter's:
 * for every organization, `platform`), so a mesh no
 * built-in rule knows is detected once its adapter is registered. Sent when the adapter's catalogue changed and again
 * every few minutes: registering the same rule again changes nothing, and a registration missed while meshsync-ingest
 * was away is made up.
 */
export const fingerprintRulesRequest = defineRequest({
  subject: 'rpc.v1.discovery.fingerprints',
  answeredBy: 'meshsync-ingest',
  askedBy: ['adapters-broker'],
  request: fingerprintRulesRequestSchema,
  response: fingerprintRulesResponseSchema,
  timeoutMs: 5_000,
});
