import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionOf, JSONScalar, type JsonValue } from '@meshplane/graphql';

/** Values equal to their names: Nest federation subgraphs lose enum internal values. */
export enum AdapterOperationStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(AdapterOperationStatus, {
  name: 'AdapterOperationStatus',
  description: 'PENDING → RUNNING → SUCCEEDED, FAILED or CANCELLED (a missed deadline is FAILED).',
});

export enum AdapterOperationEventSeverity {
  DEBUG = 'DEBUG',
  INFO = 'INFO',
  WARNING = 'WARNING',
  ERROR = 'ERROR',
  CRITICAL = 'CRITICAL',
}
registerEnumType(AdapterOperationEventSeverity, { name: 'AdapterOperationEventSeverity' });

@ObjectType({ description: 'What an adapter (or the broker about the run) reported during an operation.' })
export class AdapterOperationEvent {
  @Field(() => ID)
  operationId!: string;

  @Field(() => Int, { description: '1, 2, 3... per operation, without gaps.' })
  sequence!: number;

  @Field(() => AdapterOperationEventSeverity)
  severity!: AdapterOperationEventSeverity;

  @Field()
  summary!: string;

  @Field(() => String, { nullable: true })
  details!: string | null;

  @Field(() => [String])
  probableCause!: string[];

  @Field(() => [String])
  suggestedRemediation!: string[];

  @Field(() => Int, { nullable: true, description: '0-100 when the adapter knows how far it got.' })
  progressPercent!: number | null;

  @Field(() => AdapterOperationStatus, {
    nullable: true,
    description: 'Set on the event that ends the operation.',
  })
  status!: AdapterOperationStatus | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ObjectType('AdapterOperationEventPage')
export class AdapterOperationEventPage extends connectionOf(AdapterOperationEvent, 'AdapterOperationEvent', {
  totalCount: false,
}) {}

@ObjectType({ description: 'One run of an adapter operation, persisted from request to end.' })
export class AdapterOperationRun {
  @Field(() => ID, { description: 'The operation id the adapter receives (its idempotency key).' })
  id!: string;

  @Field({ description: 'The key it was requested with (the id when none was given).' })
  idempotencyKey!: string;

  @Field(() => ID)
  adapterId!: string;

  @Field()
  adapterName!: string;

  @Field({ description: 'The operation (a name from the adapter catalogue).' })
  operation!: string;

  @Field({ description: 'INSTALL, SAMPLE_APPLICATION, CONFIGURE, VALIDATE or CUSTOM.' })
  category!: string;

  @Field(() => ID, { nullable: true, description: 'The target cluster connection.' })
  connectionId!: string | null;

  @Field({ description: 'Empty: the operation default.' })
  namespace!: string;

  @Field(() => JSONScalar, { description: 'As validated against the input schema (defaults applied).' })
  input!: JsonValue;

  @Field()
  delete!: boolean;

  @Field()
  dryRun!: boolean;

  @Field(() => GraphQLISODateTime)
  deadline!: Date;

  @Field(() => AdapterOperationStatus)
  status!: AdapterOperationStatus;

  @Field(() => String, { nullable: true, description: 'The final message, or why it failed.' })
  message!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Operation-specific result from the adapter.' })
  output!: JsonValue | null;

  @Field(() => Int, { description: 'How many times a broker replica took it up.' })
  attempts!: number;

  @Field()
  cancelRequested!: boolean;

  @Field()
  requestedBy!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType('AdapterOperationRunConnection')
export class AdapterOperationRunConnection extends connectionOf(AdapterOperationRun, 'AdapterOperationRun') {}
