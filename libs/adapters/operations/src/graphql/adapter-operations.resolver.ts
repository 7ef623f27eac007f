import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import {
  type Caller,
  CurrentCaller,
  decodeCursor,
  emptyConnection,
  encodeCursor,
  isUuid,
  NotFoundError,
  PageArgs,
  pageOf,
  pageSize,
  requirePermission,
  requireUser,
  type CursorShape,
  type Page,
} from '@meshplane/graphql';
import { OperationEventFeed } from '../live/operation-event.feed.js';
import { AdapterOperationsService } from '../operations/adapter-operations.service.js';
import { OperationsRepository } from '../persistence/operations.repository.js';
import { toEventModel, toRunModel } from './adapter-operation.mapper.js';
import { AdapterOperationsArgs, RunAdapterOperationInput } from './dto/adapter-operations.args.js';
import {
  AdapterOperationEvent,
  AdapterOperationEventPage,
  AdapterOperationRun,
  AdapterOperationRunConnection,
} from './models/adapter-operation-run.model.js';

const READ = 'resources:read';
const EXECUTE = 'operations:execute';
const RUNS = {
  order: 'adapter-operations:created:desc',
  keys: ['timestamp', 'uuid'],
} as const satisfies CursorShape;
const EVENTS = {
  order: 'adapter-operation-events:sequence',
  keys: ['integer'],
} as const satisfies CursorShape;

/** Viewers read operations and their events; members run and cancel them. */
@Resolver(() => AdapterOperationRun)
export class AdapterOperationsResolver {
  constructor(
    private readonly service: AdapterOperationsService,
    private readonly rows: OperationsRepository,
    private readonly feed: OperationEventFeed,
  ) {}

  @Query(() => AdapterOperationRunConnection, {
    description: "This organization's adapter operations, newest first.",
  })
  async adapterOperations(
    @CurrentCaller() caller: Caller,
    @Args() args: AdapterOperationsArgs,
  ): Promise<AdapterOperationRunConnection> {
    const orgId = requirePermission(caller, READ);
    const first = pageSize(args.first);
    const filter = args.filter;
    // An id that cannot exist matches nothing.
    if ([filter?.adapterId, filter?.connectionId].some((id) => id != null && !isUuid(id))) {
      return emptyConnection();
    }
    const { rows, totalCount } = await this.rows.page(
      orgId,
      {
        ...(filter?.adapterId != null && { adapterId: filter.adapterId }),
        ...(filter?.connectionId != null && { connectionId: filter.connectionId }),
        ...(filter?.status && { statuses: filter.status }),
      },
      { direction: 'DESC', after: decodeCursor(args.after, RUNS) },
      first + 1,
    );
    const cursorOf = (row: (typeof rows)[number]) =>
      encodeCursor(RUNS, [row.createdAt.toISOString(), row.id]);
    return { ...pageOf(rows, first, cursorOf, toRunModel), totalCount };
  }

  @Query(() => AdapterOperationRun, { description: 'One operation; NOT_FOUND outside this organization.' })
  async adapterOperation(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AdapterOperationRun> {
    const orgId = requirePermission(caller, READ);
    const row = isUuid(id) ? await this.rows.find(orgId, id) : null;
    if (!row) throw new NotFoundError('AdapterOperationRun');
    return toRunModel(row);
  }

  @ResolveField(() => AdapterOperationEventPage, { description: 'Its events in order.' })
  async events(
    @CurrentCaller() caller: Caller,
    @Parent() run: AdapterOperationRun,
    @Args() args: PageArgs,
  ): Promise<Page<AdapterOperationEvent>> {
    const orgId = requirePermission(caller, READ);
    const first = pageSize(args.first);
    const [after = '0'] = decodeCursor(args.after, EVENTS) ?? [];
    const rows = await this.rows.events(orgId, run.id, Number(after), first + 1);
    return pageOf(rows, first, (row) => encodeCursor(EVENTS, [String(row.sequence)]), toEventModel);
  }

  @Mutation(() => AdapterOperationRun, {
    description:
      'Runs an operation of an adapter (members). The input is checked against its schema first; the same idempotencyKey returns the same operation.',
  })
  async runAdapterOperation(
    @CurrentCaller() caller: Caller,
    @Args('input') input: RunAdapterOperationInput,
  ): Promise<AdapterOperationRun> {
    const orgId = requirePermission(caller, EXECUTE);
    const row = await this.service.run({ ...input, orgId, userId: requireUser(caller) });
    return toRunModel(row);
  }

  @Mutation(() => AdapterOperationRun, {
    description: 'Cancels an operation (members): a pending one at once, a running one through its adapter.',
  })
  async cancelAdapterOperation(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AdapterOperationRun> {
    const orgId = requirePermission(caller, EXECUTE);
    return toRunModel(await this.service.cancel(orgId, id));
  }

  @Subscription(() => AdapterOperationEvent, {
    description: 'Events of one operation as the broker relays them; ends with the event that ends it.',
    resolve: (event: AdapterOperationEvent) => event,
  })
  async adapterOperationEvents(
    @CurrentCaller() caller: Caller,
    @Args('operationId', { type: () => ID }) operationId: string,
  ): Promise<AsyncIterableIterator<AdapterOperationEvent>> {
    const orgId = requirePermission(caller, READ);
    const row = isUuid(operationId) ? await this.rows.find(orgId, operationId) : null;
    if (!row) throw new NotFoundError('AdapterOperationRun');
    return this.feed.subscribe(orgId, row.id);
  }
}
