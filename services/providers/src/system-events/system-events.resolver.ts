import { Args, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentCaller, requirePermission, requireUser, type Caller } from '@meshplane/graphql';
import { AnnounceInput, SystemEventFilter, SystemEventsArgs } from './dto/system-events.args.js';
import { SystemEventConnection } from './models/system-event-connection.model.js';
import { SystemEvent } from './models/system-event.model.js';
import { SystemEventFeed } from './system-event.feed.js';
import { SystemEventsService } from './system-events.service.js';

@Resolver(() => SystemEvent)
export class SystemEventsResolver {
  constructor(
    private readonly events: SystemEventsService,
    private readonly feed: SystemEventFeed,
  ) {}

  @Query(() => SystemEventConnection, { description: 'The platform event log, newest first.' })
  systemEvents(
    @CurrentCaller() caller: Caller,
    @Args() args: SystemEventsArgs,
  ): Promise<SystemEventConnection> {
    requireUser(caller);
    return this.events.list(args);
  }

  @Mutation(() => SystemEvent, { description: 'Publish an operator notice to every user of the platform.' })
  announce(@CurrentCaller() caller: Caller, @Args('input') input: AnnounceInput): Promise<SystemEvent> {
    // Reaches every tenant: only an organization owner may speak to the whole platform.
    requirePermission(caller, 'org:delete');
    return this.events.announce(input.message, input.severity);
  }

  @Subscription(() => SystemEvent, {
    name: 'systemEvents',
    description: 'Platform events as they cross the event bus.',
    filter: (payload: { systemEvents: SystemEvent }, variables: { filter?: SystemEventFilter | null }) =>
      matches(payload.systemEvents, variables.filter),
  })
  systemEvents$(
    @CurrentCaller() caller: Caller,
    @Args('filter', { type: () => SystemEventFilter, nullable: true }) _filter?: SystemEventFilter,
  ) {
    requireUser(caller);
    return this.feed.subscribe();
  }
}

export function matches(event: SystemEvent, filter?: SystemEventFilter | null): boolean {
  if (!filter) return true;
  if (filter.services?.length && !filter.services.includes(event.service)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(event.kind)) return false;
  if (filter.severities?.length && !filter.severities.includes(event.severity)) return false;
  return true;
}
