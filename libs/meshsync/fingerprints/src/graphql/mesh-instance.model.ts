import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A control-plane workload of a mesh.' })
export class MeshControlPlaneComponent {
  @Field({ description: 'Its role in the mesh (istiod, destination, connect-injector…).' })
  component!: string;

  @Field({ description: 'Deployment, StatefulSet or DaemonSet.' })
  kind!: string;

  @Field(() => String, { nullable: true })
  namespace!: string | null;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Null until the API server reports a status.' })
  readyReplicas!: number | null;

  @Field(() => String, { nullable: true })
  image!: string | null;

  @Field(() => String, { nullable: true })
  version!: string | null;
}

@ObjectType({ description: 'A service mesh detected in a cluster from its discovered objects.' })
export class MeshInstance {
  @Field(() => ID)
  clusterId!: string;

  @Field({ description: 'The fingerprint rule id: istio, linkerd, consul…' })
  meshId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'The highest version its control plane runs.' })
  version!: string | null;

  @Field(() => [String], { description: 'Every control-plane version found (revisions), ascending.' })
  versions!: string[];

  @Field(() => [MeshControlPlaneComponent])
  controlPlane!: MeshControlPlaneComponent[];

  @Field(() => Int, { description: 'Running pods carrying the mesh proxy.' })
  proxyCount!: number;

  @Field(() => [String], { description: 'Namespaces labelled or annotated for injection.' })
  injectedNamespaces!: string[];

  @Field(() => [String], { description: "API groups of the mesh's CRDs present in the cluster." })
  crdGroups!: string[];

  @Field(() => Int, { description: 'Version of the rule that detected it.' })
  ruleVersion!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the mesh was first detected in this cluster.' })
  detectedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When a detection last confirmed it.' })
  updatedAt!: Date;
}
