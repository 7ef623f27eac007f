import { defineEvent } from '../messaging/event.definition.js';
import { adapterChangedSchema } from './adapter-changed.schema.js';
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
