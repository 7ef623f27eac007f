import { Args, ID, Query, ResolveField, Resolver, Root, Subscription } from '@nestjs/graphql';
import { stringify } from 'yaml';
import { checkUuid, CurrentCaller, requirePermission, type Caller } from '@meshplane/graphql';
import { ResourceChangeFeed } from '../live/resource-change.feed.js';
import { InventoryService } from '../query/inventory.service.js';
import {
  ResourceArgs,
  ResourceChangedFilter,
  ResourceHistoryArgs,
  ResourcesArgs,
} from './dto/resources.args.js';
import { InventorySummary } from './models/inventory-summary.model.js';
import { ResourceChangeEvent } from './models/resource-change.model.js';
import { ResourceConnection } from './models/resource-connection.model.js';
import { ResourceHistoryConnection } from './models/resource-history.model.js';
import { Resource } from './models/resource.model.js';

const READ = 'resources:read';

@Resolver(() => Resource)
export class InventoryResolver {
  constructor(
    private readonly inventory: InventoryService,
    private readonly feed: ResourceChangeFeed,
  ) {}

  @Query(() => ResourceConnection, { description: "Resources of the caller's organization." })
  resources(@CurrentCaller() caller: Caller, @Args() args: ResourcesArgs): Promise<ResourceConnection> {
    return this.inventory.list(requirePermission(caller, READ), args);
  }

  @Query(() => Resource, { description: 'One resource, by id or by cluster and uid.' })
  resource(@CurrentCaller() caller: Caller, @Args() args: ResourceArgs): Promise<Resource> {
    return this.inventory.get(requirePermission(caller, READ), args);
  }

  @Query(() => ResourceHistoryConnection, { description: 'The stored states of one object, newest first.' })
  resourceHistory(
    @CurrentCaller() caller: Caller,
    @Args() args: ResourceHistoryArgs,
  ): Promise<ResourceHistoryConnection> {
    return this.inventory.history(requirePermission(caller, READ), args);
  }

  @Query(() => InventorySummary, { description: 'Counts per kind and namespace, in one cluster or all.' })
  inventorySummary(
    @CurrentCaller() caller: Caller,
    @Args('clusterId', { type: () => ID, nullable: true }) clusterId?: string | null,
  ): Promise<InventorySummary> {
    return this.inventory.summary(requirePermission(caller, READ), clusterId);
  }

  @ResolveField(() => String, { nullable: true, description: 'The object as YAML.' })
  yaml(@CurrentCaller() caller: Caller, @Root() resource: Resource): string | null {
    requirePermission(caller, READ);
    return resource.object === null ? null : stringify(resource.object);
  }

  @Subscription(() => ResourceChangeEvent, {
    description: "Changes discovery observes in the caller's organization, as they happen.",
    resolve: (event: ResourceChangeEvent) => event,
  })
  resourceChanged(
    @CurrentCaller() caller: Caller,
    @Args('filter', { type: () => ResourceChangedFilter, nullable: true })
    filter?: ResourceChangedFilter | null,
  ): Promise<AsyncIterableIterator<ResourceChangeEvent>> {
    const orgId = checkUuid(requirePermission(caller, READ), 'orgId');
    if (filter?.clusterId) checkUuid(filter.clusterId, 'filter.clusterId');
    return this.feed.subscribe(orgId, filter ?? {});
  }
}
