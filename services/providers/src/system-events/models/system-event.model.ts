import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SystemEventKind {
  STARTED = 'started',
  STOPPING = 'stopping',
  NOTICE = 'notice',
}

export enum SystemEventSeverity {
  INFO = 'info',
  WARNING = 'warning',
  ERROR = 'error',
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
