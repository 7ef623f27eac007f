import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONObjectScalar } from './json-object.scalar.js';

export enum MeshFingerprintOrigin {
  BUILT_IN = 'BUILT_IN',
  PLATFORM = 'PLATFORM',
  REGISTERED = 'REGISTERED',
}

registerEnumType(MeshFingerprintOrigin, {
  name: 'MeshFingerprintOrigin',
  description:
    "Shipped with the service; registered by an operator's adapter for every organization (PLATFORM); or registered at runtime (by an adapter) for this organization.",
});

@ObjectType({ description: 'A rule that recognises one mesh in a cluster.' })
export class MeshFingerprint {
  @Field()
  meshId!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  schemaVersion!: number;

  @Field(() => Int)
  ruleVersion!: number;

  @Field(() => MeshFingerprintOrigin)
  origin!: MeshFingerprintOrigin;

  @Field({ description: 'False for a built-in rule a registered one with a higher ruleVersion overrides.' })
  active!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  registeredAt!: Date | null;

  @Field(() => JSONObjectScalar, { description: 'The rule, as validated (defaults filled in).' })
  rule!: Record<string, unknown>;
}
