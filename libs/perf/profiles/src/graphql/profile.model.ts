import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { connectionOf, JSONScalar } from '@meshplane/graphql';
import { PerformanceGenerator, PerformanceLoadModel, PerformanceProtocol } from './profile-enums.js';

@ObjectType({ description: 'How to load-test a set of endpoints: the model, generator and request to send.' })
export class PerformanceProfile {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique in the organization.' })
  name!: string;

  @Field(() => [String], { description: 'Absolute http/https URLs.' })
  endpoints!: string[];

  @Field(() => Int)
  durationMs!: number;

  @Field(() => PerformanceLoadModel)
  loadModel!: PerformanceLoadModel;

  @Field(() => Int, { nullable: true, description: 'CLOSED model: connections sending as fast as possible.' })
  concurrency!: number | null;

  @Field(() => Int, { nullable: true, description: 'OPEN model: requests per second, in total.' })
  rate!: number | null;

  @Field(() => Int, { nullable: true, description: 'OPEN model: connections the rate is sent over.' })
  connections!: number | null;

  @Field(() => PerformanceGenerator)
  generator!: PerformanceGenerator;

  @Field(() => PerformanceProtocol)
  protocol!: PerformanceProtocol;

  @Field()
  method!: string;

  @Field(() => JSONScalar, { description: 'Request headers, name → value.' })
  headers!: Record<string, string>;

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => Int, { description: 'Perf workers the load is split across.' })
  workers!: number;

  @Field(() => JSONScalar, { description: 'Labels, key → value.' })
  labels!: Record<string, string>;

  @Field(() => Int, { description: 'Raised by every update; an update or delete names the version it read.' })
  version!: number;

  @Field()
  createdBy!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

@ObjectType('PerformanceProfilePage')
export class PerformanceProfilePage extends connectionOf(PerformanceProfile, 'PerformanceProfile') {}
