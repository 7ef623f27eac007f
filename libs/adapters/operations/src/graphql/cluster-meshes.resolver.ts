import {
  Directive,
  Field,
  GraphQLISODateTime,
  ID,
  ObjectType,
  Parent,
  registerEnumType,
  ResolveField,
  Resolver,
  ResolveReference,
} from '@nestjs/graphql';
import { AdapterDirectory } from '@meshplane/adapters-registry';
import { type Caller, CurrentCaller, isUuid, requirePermission } from '@meshplane/graphql';
import { OperationsRepository } from '../persistence/operations.repository.js';
import { MESH_LIFECYCLE_STATES, meshLifecycleOf, type MeshLifecycleState } from '../state/mesh-lifecycle.js';

export const MeshLifecycleStateEnum = Object.fromEntries(MESH_LIFECYCLE_STATES.map((s) => [s, s])) as {
  [K in MeshLifecycleState]: K;
};
registerEnumType(MeshLifecycleStateEnum, {
  name: 'MeshLifecycleState',
  description: "What the latest install operation of an adapter on the cluster says (the broker's view).",
});

@ObjectType({
  description: "A mesh's lifecycle on a cluster as adapters-broker knows it from its install operations.",
})
export class MeshLifecycle {
  @Field(() => ID)
  adapterId!: string;

  @Field()
  adapterName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The mesh the adapter manages (its catalogue), when known.',
  })
  mesh!: string | null;

  @Field(() => MeshLifecycleStateEnum)
  state!: MeshLifecycleState;

  @Field(() => String, {
    nullable: true,
    description: 'The version the latest operation installed or removed.',
  })
  version!: string | null;

  @Field(() => ID, { description: 'That operation (see adapterOperation).' })
  operationId!: string;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

/** meshsync-ingest's Cluster, extended here with the meshes' lifecycle (federation: the key is the cluster id). */
@ObjectType()
@Directive('@key(fields: "id")')
export class Cluster {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => Cluster)
export class ClusterMeshesResolver {
  constructor(
    private readonly operations: OperationsRepository,
    private readonly directory: AdapterDirectory,
  ) {}

  @ResolveReference()
  resolveReference(reference: { __typename: 'Cluster'; id: string }): Cluster {
    return { id: reference.id };
  }

  @ResolveField(() => [MeshLifecycle], {
    description:
      "Per adapter, its latest install operation on this cluster: INSTALLING, INSTALLED, REMOVING, REMOVED or FAILED. Only the caller's organization's operations.",
  })
  async meshLifecycle(@CurrentCaller() caller: Caller, @Parent() cluster: Cluster): Promise<MeshLifecycle[]> {
    const orgId = requirePermission(caller, 'resources:read');
    if (!isUuid(cluster.id)) return [];
    const entries = meshLifecycleOf(await this.operations.installsOnCluster(orgId, cluster.id));
    return Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        mesh: (await this.directory.find(orgId, entry.adapterId))?.catalogue?.info.mesh ?? null,
      })),
    );
  }
}
