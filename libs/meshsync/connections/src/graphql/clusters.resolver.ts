import { Args, ID, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { type Caller, CurrentCaller, isUuid, requirePermission } from '@meshplane/graphql';
import { ClustersRepository } from '../persistence/clusters.repository.js';
import { ConnectionsRepository } from '../persistence/connections.repository.js';
import { toClusterModel, toConnectionModel } from './connection.mapper.js';
import { ConnectionsQueryService } from './connections-query.service.js';
import { ClustersArgs } from './dto/list.args.js';
import { Cluster } from './models/cluster.model.js';
import { KubernetesConnection } from './models/kubernetes-connection.model.js';
import { ClusterPage } from './models/pages.model.js';

@Resolver(() => Cluster)
export class ClustersResolver {
  constructor(
    private readonly queries: ConnectionsQueryService,
    private readonly clusterRows: ClustersRepository,
    private readonly connectionRows: ConnectionsRepository,
  ) {}

  @Query(() => ClusterPage)
  clusters(@CurrentCaller() caller: Caller, @Args() args: ClustersArgs): Promise<ClusterPage> {
    return this.queries.clustersPage(requirePermission(caller, 'resources:read'), args);
  }

  @Query(() => Cluster, { nullable: true })
  async cluster(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string) {
    const orgId = requirePermission(caller, 'resources:read');
    if (!isUuid(id)) return null;
    const row = await this.clusterRows.find(orgId, id);
    return row ? toClusterModel(row) : null;
  }

  /** Federation: a cluster another subgraph refers to, in the caller's organization only (else null). */
  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'Cluster'; id: string },
    @CurrentCaller() caller: Caller,
  ): Promise<Cluster | null> {
    return this.cluster(caller, reference.id);
  }

  @ResolveField(() => [KubernetesConnection], { description: 'Its connections, deleted ones included.' })
  async connections(@CurrentCaller() caller: Caller, @Parent() cluster: Cluster) {
    const rows = await this.connectionRows.ofCluster(requirePermission(caller, 'resources:read'), cluster.id);
    return rows.map(toConnectionModel);
  }
}
