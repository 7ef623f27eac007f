import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class CreateOrganizationInput {
  @Field({ description: '1 to 100 characters.' })
  name!: string;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID, { description: 'The current organization.' })
  id!: string;

  @Field({ description: '1 to 100 characters.' })
  name!: string;
}
