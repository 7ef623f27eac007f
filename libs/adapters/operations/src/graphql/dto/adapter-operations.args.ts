import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { JSONScalar, PageArgs, type JsonValue } from '@meshplane/graphql';
import { AdapterOperationStatus } from '../models/adapter-operation-run.model.js';

@InputType({ description: 'Every given criterion must match; lists match any of their values.' })
export class AdapterOperationFilter {
  @Field(() => ID, { nullable: true })
  adapterId?: string | null;

  @Field(() => [AdapterOperationStatus], { nullable: true })
  status?: AdapterOperationStatus[] | null;

  @Field(() => ID, { nullable: true })
  connectionId?: string | null;
}

@ArgsType()
export class AdapterOperationsArgs extends PageArgs {
  @Field(() => AdapterOperationFilter, { nullable: true })
  filter?: AdapterOperationFilter | null;
}

@InputType()
export class RunAdapterOperationInput {
  @Field(() => ID)
  adapterId!: string;

  @Field({ description: "An operation name from the adapter's catalogue." })
  operation!: string;

  @Field(() => ID, { nullable: true, description: 'The target cluster connection.' })
  connectionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Namespace to work in; the operation default when absent.',
  })
  namespace?: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "Checked against the operation's input schema before anything is sent; errors name the field.",
  })
  input?: JsonValue | null;

  @Field(() => Boolean, { nullable: true, description: 'Undo what the operation creates.' })
  delete?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Report what would change; change nothing.' })
  dryRun?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'The same key in this organization returns the same operation instead of running another.',
  })
  idempotencyKey?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The operation fails when not finished by then (default 900).',
  })
  deadlineSeconds?: number | null;
}
