import { Field, GraphQLISODateTime, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionOf, JSONScalar } from '@meshplane/graphql';

export enum ResourceChangeType {
  UPSERT = 'UPSERT',
  DELETE = 'DELETE',
}
registerEnumType(ResourceChangeType, { name: 'ResourceChangeType' });

@ObjectType({ description: 'One state the inventory stored for an object.' })
export class ResourceHistoryEntry {
  @Field()
  resourceVersion!: string;

  @Field(() => ResourceChangeType)
  changeType!: ResourceChangeType;

  @Field(() => GraphQLISODateTime, { description: 'When discovery observed it.' })
  at!: Date;

  @Field(() => JSONScalar, { nullable: true, description: 'The object at that version; null for deletes.' })
  object!: Record<string, unknown> | null;
}

@ObjectType('ResourceHistoryConnection', { description: 'Newest first.' })
export class ResourceHistoryConnection extends connectionOf(ResourceHistoryEntry, 'ResourceHistory', {
  totalCount: false,
}) {}
