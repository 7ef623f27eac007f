import { Field, ID, ObjectType } from '@nestjs/graphql';
import { MemberRole } from '../../common/member-role.enum.js';

@ObjectType({ description: "The current organization's defaults." })
export class OrganizationSettings {
  @Field(() => ID, {
    nullable: true,
    description: 'Where members land when they have not chosen a workspace.',
  })
  defaultWorkspaceId!: string | null;

  @Field(() => ID, { nullable: true, description: 'An environment of the default workspace.' })
  defaultEnvironmentId!: string | null;

  @Field(() => MemberRole, { description: 'The role an invitation grants when none is given.' })
  defaultInvitationRole!: MemberRole;
}
