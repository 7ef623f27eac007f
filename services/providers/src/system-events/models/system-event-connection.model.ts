import { Field, ObjectType } from '@nestjs/graphql';
import { SystemEvent } from './system-event.model.js';

@ObjectType()
export class SystemEventEdge {
  @Field()
  cursor!: string;

  @Field(() => SystemEvent)
  node!: SystemEvent;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'System events, newest first.' })
export class SystemEventConnection {
  @Field(() => [SystemEventEdge])
  edges!: SystemEventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
