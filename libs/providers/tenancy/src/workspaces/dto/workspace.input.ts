import { Field, ID, InputType } from '@nestjs/graphql';

@InputType()
export class CreateWorkspaceInput {
  @Field({ description: '1 to 100 characters, unique in the organization.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'At most 1000 characters.' })
  description?: string | null;
}

@InputType({ description: 'Fields left out stay as they are.' })
export class UpdateWorkspaceInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  description?: string | null;
}
