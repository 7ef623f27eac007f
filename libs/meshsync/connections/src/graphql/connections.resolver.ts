import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Caller, CurrentCaller, isUuid, requirePermission, requireUser } from '@meshplane/graphql';
import { ConnectionsService } from '../lifecycle/connections.service.js';
import { ClustersRepository } from '../persistence/clusters.repository.js';
import { toClusterModel, toConnectionModel } from './connection.mapper.js';
import { ConnectionsQueryService } from './connections-query.service.js';
import { ImportKubeconfigInput } from './dto/import-kubeconfig.input.js';
import { ConnectionsArgs } from './dto/list.args.js';
import { Cluster } from './models/cluster.model.js';
import { ImportKubeconfigPayload } from './models/import-kubeconfig.payload.js';
import { KubernetesConnection } from './models/kubernetes-connection.model.js';
import { KubernetesConnectionPage } from './models/pages.model.js';

@Resolver(() => KubernetesConnection)
export class ConnectionsResolver {
  constructor(
    private readonly lifecycle: ConnectionsService,
    private readonly queries: ConnectionsQueryService,
    private readonly clusterRows: ClustersRepository,
  ) {}

  @Mutation(() => ImportKubeconfigPayload, {
    description: 'Imports contexts of a kubeconfig as connections, each on its own; then probes them.',
  })
  async importKubeconfig(
    @CurrentCaller() caller: Caller,
    @Args('input') input: ImportKubeconfigInput,
  ): Promise<ImportKubeconfigPayload> {
    const orgId = requirePermission(caller, 'resources:write');
    const outcomes = await this.lifecycle.importKubeconfig({
      ...input,
      orgId,
      userId: requireUser(caller),
    });
    return {
      results: outcomes.map((outcome) => ({
        context: outcome.context,
        connection: outcome.connection ? toConnectionModel(outcome.connection) : null,
        error: outcome.error ?? null,
      })),
    };
  }

  @Mutation(() => KubernetesConnection, { description: 'Probes the cluster now and records the outcome.' })
  async pingConnection(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string) {
    return toConnectionModel(await this.lifecycle.ping(requirePermission(caller, 'resources:write'), id));
  }

  @Mutation(() => KubernetesConnection, { description: 'Stops using the connection until reconnected.' })
  async disconnectConnection(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string) {
    return toConnectionModel(
      await this.lifecycle.disconnect(requirePermission(caller, 'resources:write'), id),
    );
  }

  @Mutation(() => KubernetesConnection)
  async reconnectConnection(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string) {
    return toConnectionModel(
      await this.lifecycle.reconnect(requirePermission(caller, 'resources:write'), id),
    );
  }

  @Mutation(() => KubernetesConnection, { description: 'Marks it deleted and wipes its credentials.' })
  async deleteConnection(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string) {
    return toConnectionModel(await this.lifecycle.delete(requirePermission(caller, 'resources:write'), id));
  }

  @Query(() => KubernetesConnectionPage)
  connections(
    @CurrentCaller() caller: Caller,
    @Args() args: ConnectionsArgs,
  ): Promise<KubernetesConnectionPage> {
    return this.queries.connectionsPage(requirePermission(caller, 'resources:read'), args);
  }

  @Query(() => KubernetesConnection, { nullable: true })
  async connection(@CurrentCaller() caller: Caller, @Args('id', { type: () => ID }) id: string) {
    const row = await this.lifecycle.find(requirePermission(caller, 'resources:read'), id);
    return row ? toConnectionModel(row) : null;
  }

  @ResolveField(() => Cluster, { nullable: true })
  async cluster(@CurrentCaller() caller: Caller, @Parent() connection: KubernetesConnection) {
    const orgId = requirePermission(caller, 'resources:read');
    if (!connection.clusterId || !isUuid(connection.clusterId)) return null;
    const row = await this.clusterRows.find(orgId, connection.clusterId);
    return row ? toClusterModel(row) : null;
  }
}
