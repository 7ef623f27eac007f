import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { JsonValue } from '../../common/json.scalar.js';
import { JsonScalar } from '../../common/json.scalar.js';

@ObjectType({ description: "One of the caller's preferences in the current organization." })
export class Preference {
  @Field()
  key!: string;

  @Field(() => JsonScalar)
  value!: JsonValue;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}
