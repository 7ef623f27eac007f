import { Field, ID, InputType } from '@nestjs/graphql';
import { MemberRole } from '../../common/member-role.enum.js';

@InputType({ description: 'Fields left out stay as they are; a null id clears that default.' })
export class UpdateOrganizationSettingsInput {
  @Field(() => ID, { nullable: true })
  defaultWorkspaceId?: string | null;

  @Field(() => ID, { nullable: true })
  defaultEnvironmentId?: string | null;

  @Field(() => MemberRole, { nullable: true })
  defaultInvitationRole?: MemberRole | null;
}
