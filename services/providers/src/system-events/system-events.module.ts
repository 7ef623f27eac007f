import { Module } from '@nestjs/common';
import { SystemEventHandler } from './events/system-event.handler.js';
import { SystemEventFeed } from './system-event.feed.js';
import { SystemEventsRepository } from './system-events.repository.js';
import { SystemEventsResolver } from './system-events.resolver.js';
import { SystemEventsService } from './system-events.service.js';

@Module({
  providers: [
    SystemEventsRepository,
    SystemEventsService,
    SystemEventHandler,
    SystemEventFeed,
    SystemEventsResolver,
  ],
})
export class SystemEventsModule {}
