import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { connectionOf } from '@meshplane/graphql';
import { MemberRole } from '../../common/member-role.enum.js';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

registerEnumType(InvitationStatus, { name: 'InvitationStatus' });

@ObjectType({ description: 'An offer to join the current organization, sent to an email address.' })
export class Invitation {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => MemberRole)
  role!: MemberRole;

  @Field(() => InvitationStatus)
  status!: InvitationStatus;

  @Field(() => ID, { description: 'The user who sent it.' })
  invitedBy!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;
}

@ObjectType({ description: 'A new invitation and its token, shown this once: only its hash is kept.' })
export class CreatedInvitation {
  @Field(() => Invitation)
  invitation!: Invitation;

  @Field({ description: 'Give it to the invitee; acceptInvitation(token) redeems it once.' })
  token!: string;
}

@ObjectType('InvitationConnection')
export class InvitationConnection extends connectionOf(Invitation, 'Invitation') {}
