import { z } from 'zod';

export const deadLetterReasons = ['invalid-payload', 'permanent-error', 'max-deliveries'] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

/**
 * What a consumer parks when it gives up on a message: enough to understand the failure and to
 * republish the original unchanged (`data` is the original body, base64, so even non-JSON survives).
 */
export const deadLetterSchema = z.object({
  stream: z.string().min(1),
  consumer: z.string().min(1),
  subject: z.string().min(1),
  streamSeq: z.number().int().positive(),
  deliveryCount: z.number().int().positive(),
  reason: z.enum(deadLetterReasons),
  error: z.string(),
  headers: z.record(z.string(), z.array(z.string())),
  data: z.base64(),
  failedAt: z.iso.datetime({ offset: true }),
});

export type DeadLetterRecord = z.infer<typeof deadLetterSchema>;
