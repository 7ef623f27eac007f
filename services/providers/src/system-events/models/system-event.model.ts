import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

// Values equal names: federation rebuilds the subgraph schema from SDL, so GraphQL enum values must not rely on
// internal values; the mapping to the contract's lowercase values happens explicitly in the service.
export enum SystemEventKind {
  STARTED = 'STARTED',
  STOPPING = 'STOPPING',
  NOTICE = 'NOTICE',
}

export enum SystemEventSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  ERROR = 'ERROR',
}

registerEnumType(SystemEventKind, { name: 'SystemEventKind', description: 'What happened to a service.' });
registerEnumType(SystemEventSeverity, { name: 'SystemEventSeverity' });

@ObjectType({ description: 'A platform event: a service starting or stopping, or an operator notice.' })
export class SystemEvent {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The service that emitted it.' })
  service!: string;

  @Field({ description: 'The replica that emitted it.' })
  instance!: string;

  @Field(() => SystemEventKind)
  kind!: SystemEventKind;

  @Field(() => SystemEventSeverity)
  severity!: SystemEventSeverity;

  @Field()
  message!: string;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}
