import { Directive, Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One dependency check behind readiness.' })
@Directive('@shareable')
export class DependencyCheck {
  @Field()
  name!: string;

  @Field()
  ok!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the check failed, when it did.' })
  error?: string | null;

  @Field(() => Float)
  latencyMs!: number;
}

@ObjectType({ description: "A service's identity, build and readiness, as seen by that service itself." })
@Directive('@shareable')
export class ServiceStatus {
  @Field()
  service!: string;

  @Field({ description: 'Build version of the running code.' })
  version!: string;

  @Field({ description: 'The replica that answered.' })
  instance!: string;

  @Field()
  ready!: boolean;

  @Field(() => Float)
  uptimeSeconds!: number;

  @Field(() => [DependencyCheck])
  checks!: DependencyCheck[];
}
