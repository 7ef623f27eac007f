import { z } from 'zod';

export const operationEventSeverities = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export const operationStatuses = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

/**
 * One event of an adapter operation as the broker stored it (adapter-reported, or the broker's own about the run,
 * e.g. "adapter unreachable"). `sequence` is unique per operation; `status` is set on the event that ends it.
 * Never carries credentials: the target is the connection id only.
 */
export const adapterOperationEventSchema = z.object({
  operationId: z.uuid(),
  orgId: z.uuid(),
  adapterId: z.uuid(),
  sequence: z.number().int().positive(),
  severity: z.enum(operationEventSeverities),
  summary: z.string().max(2000),
  details: z.string().max(20_000).optional(),
  probableCause: z.array(z.string().max(2000)).max(20).optional(),
  suggestedRemediation: z.array(z.string().max(2000)).max(20).optional(),
  progressPercent: z.number().int().min(0).max(100).optional(),
  status: z.enum(operationStatuses).optional(),
  at: z.iso.datetime({ offset: true }),
});
export type AdapterOperationEventPayload = z.infer<typeof adapterOperationEventSchema>;
