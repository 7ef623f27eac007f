import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { JSONScalar, type JsonValue } from '@meshplane/graphql';

@ObjectType({ description: "One of the caller's preferences in the current organization." })
export class Preference {
  @Field()
  key!: string;

  @Field(() => JSONScalar)
  value!: JsonValue;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}
