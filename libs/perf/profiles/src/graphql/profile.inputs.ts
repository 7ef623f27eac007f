import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { JSONScalar, PageArgs } from '@meshplane/graphql';
import { PerformanceGenerator, PerformanceLoadModel, PerformanceProtocol } from './profile-enums.js';

@InputType({ description: 'A whole profile: create takes it, update replaces the stored one with it.' })
export class PerformanceProfileInput {
  @Field()
  name!: string;

  @Field(() => [String])
  endpoints!: string[];

  @Field(() => Int)
  durationMs!: number;

  @Field(() => PerformanceLoadModel)
  loadModel!: PerformanceLoadModel;

  @Field(() => Int, { nullable: true, description: 'Required by the CLOSED model.' })
  concurrency?: number | null;

  @Field(() => Int, { nullable: true, description: 'Required by the OPEN model; a multiple of workers.' })
  rate?: number | null;

  @Field(() => Int, { nullable: true, description: 'Required by the OPEN model.' })
  connections?: number | null;

  @Field(() => PerformanceGenerator, { defaultValue: PerformanceGenerator.MESHPLANE })
  generator!: PerformanceGenerator;

  @Field(() => PerformanceProtocol, { defaultValue: PerformanceProtocol.HTTP1 })
  protocol!: PerformanceProtocol;

  @Field({ defaultValue: 'GET' })
  method!: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Header name → value (strings).' })
  headers?: unknown;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => Int, { defaultValue: 1 })
  workers!: number;

  @Field(() => JSONScalar, { nullable: true, description: 'Label key → value (strings).' })
  labels?: unknown;
}

@InputType({ description: 'Every given criterion must match.' })
export class PerformanceProfileFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name.' })
  nameContains?: string | null;

  @Field(() => PerformanceGenerator, { nullable: true })
  generator?: PerformanceGenerator | null;
}

@ArgsType()
export class PerformanceProfilesArgs extends PageArgs {
  @Field(() => PerformanceProfileFilter, { nullable: true })
  filter?: PerformanceProfileFilter | null;
}
