import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class InventoryCount {
  @Field({ description: "The kind or namespace ('' for cluster-scoped objects)." })
  key!: string;

  @Field(() => Int)
  live!: number;

  @Field(() => Int)
  deleted!: number;
}

@ObjectType()
export class InventorySummary {
  @Field(() => Int, { description: 'Live objects.' })
  total!: number;

  @Field(() => Int, { description: 'Tombstoned objects.' })
  deleted!: number;

  @Field(() => [InventoryCount])
  byKind!: InventoryCount[];

  @Field(() => [InventoryCount])
  byNamespace!: InventoryCount[];
}
