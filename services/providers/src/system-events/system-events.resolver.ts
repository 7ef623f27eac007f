import { Args, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentCaller, requirePlatformOperator, requireUser, type Caller } from '@meshplane/graphql';
import { AnnounceInput, SystemEventFilter, SystemEventsArgs } from './dto/system-events.args.js';
import { SystemEventConnection } from './models/system-event-connection.model.js';
import { SystemEvent, SystemEventKind } from './models/system-event.model.js';
import { SystemEventFeed } from './system-event.feed.js';
import { SystemEventsService, type EventVisibility } from './system-events.service.js';

@Resolver(() => SystemEvent)
export class SystemEventsResolver {
  constructor(
    private readonly events: SystemEventsService,
    private readonly feed: SystemEventFeed,
  ) {}

  @Query(() => SystemEventConnection, {
    description:
      'The platform event log, newest first: notices for every signed-in user, service events for platform operators.',
  })
  systemEvents(
    @CurrentCaller() caller: Caller,
    @Args() args: SystemEventsArgs,
  ): Promise<SystemEventConnection> {
    requireUser(caller);
    return this.events.list(args, visibilityOf(caller));
  }

  @Mutation(() => SystemEvent, {
    description: 'Publish a notice to every user of the platform (platform operators only).',
  })
  announce(@CurrentCaller() caller: Caller, @Args('input') input: AnnounceInput): Promise<SystemEvent> {
    // Reaches every tenant: no organization role, however high, may speak to the whole platform.
    requirePlatformOperator(caller);
    return this.events.announce(input.message, input.severity);
  }

  @Subscription(() => SystemEvent, {
    name: 'systemEvents',
    description:
      'Platform events as they cross the event bus: notices for every signed-in user, all for platform operators.',
    filter: (
      payload: { systemEvents: SystemEvent },
      variables: { filter?: SystemEventFilter | null },
      context: { caller?: Caller },
    ) =>
      context.caller !== undefined &&
      isVisible(payload.systemEvents, visibilityOf(context.caller)) &&
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

/** Service lifecycle events describe the platform's own replicas: operators' business, not tenants'. */
export function visibilityOf(caller: Caller): EventVisibility {
  return caller.platformOperator === true ? 'all' : 'notices';
}

export function isVisible(event: SystemEvent, visibility: EventVisibility): boolean {
  return visibility === 'all' || event.kind === SystemEventKind.NOTICE;
}

export function matches(event: SystemEvent, filter?: SystemEventFilter | null): boolean {
  if (!filter) return true;
  if (filter.services?.length && !filter.services.includes(event.service)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(event.kind)) return false;
  if (filter.severities?.length && !filter.severities.includes(event.severity)) return false;
  return true;
}
