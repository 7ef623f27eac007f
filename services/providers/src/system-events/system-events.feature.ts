import { providersSystemLogConsumer, systemStream } from '@meshplane/contracts';
import { defineFeature } from '@meshplane/service-kit';
import { SystemEventEntity } from './entities/system-event.entity.js';
import { SystemEventsModule } from './system-events.module.js';

/**
 * The platform event log: every service's SYSTEM events stored (durable consumer) and followed live. SYSTEM
 * itself is declared by every service (the service kit), so it is not listed as a stream here.
 */
export const systemEventsFeature = defineFeature({
  name: 'system-events',
  module: SystemEventsModule,
  entities: [SystemEventEntity],
  consumers: [providersSystemLogConsumer],
  /** The systemEvents subscription follows SYSTEM live. */
  liveStreams: [systemStream],
});
