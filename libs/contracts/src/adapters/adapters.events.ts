import { defineEvent } from '../messaging/event.definition.js';
import { adapterChangedSchema } from './adapter-changed.schema.js';
import { adapterOperationEventSchema } from './operation-event.schema.js';
import { adaptersStream } from './adapters.stream.js';

/** `adapters.v1.<org|operator>.<adapter>.changed`: consumers filter per organization or adapter. */
export const adapterChangedEvent = defineEvent({
  name: 'AdapterChanged',
  version: 1,
  stream: adaptersStream,
  schema: adapterChangedSchema,
  subject: (p) => `adapters.v1.${p.orgId ?? 'operator'}.${p.adapterId}.changed`,
  msgId: (p) => `adapter:${p.adapterId}:${p.at}:${p.health}:${p.catalogueDigest ?? ''}`,
});

/**
 * `adapters.v1.<org>.operation.<operation>.event`: scoped by organization (a subscription follows its own org's
 * subjects only); relaying the same event twice is one message (dedup on operation id + sequence).
 */
export const adapterOperationEvent = defineEvent({
  name: 'AdapterOperationEvent',
  version: 1,
  stream: adaptersStream,
  schema: adapterOperationEventSchema,
  subject: (p) => `adapters.v1.${p.orgId}.operation.${p.operationId}.event`,
  msgId: (p) => `operation:${p.operationId}:${p.sequence}`,
});
