import { defineEvent } from '../messaging/event.definition.js';
import { systemEventSchema } from './system-event.schema.js';
import { systemStream } from './system.stream.js';

export const systemEvent = defineEvent({
  name: 'SystemEvent',
  version: 1,
  stream: systemStream,
  schema: systemEventSchema,
  subject: (p) => `system.v1.${p.service}.${p.kind}`,
  msgId: (p) => p.id,
});
