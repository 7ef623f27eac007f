import { z } from 'zod';

export const systemEventKinds = ['started', 'stopping', 'notice'] as const;
export const systemEventSeverities = ['info', 'warning', 'error'] as const;

export const systemEventSchema = z.object({
  id: z.uuid(),
  service: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case'),
  instance: z.string().min(1).max(200),
  kind: z.enum(systemEventKinds),
  severity: z.enum(systemEventSeverities),
  message: z.string().max(2000),
  at: z.iso.datetime({ offset: true }),
});

export type SystemEvent = z.infer<typeof systemEventSchema>;
