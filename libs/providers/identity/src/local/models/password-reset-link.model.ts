import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A one-time password reset, shown this once to the operator who issued it.' })
export class PasswordResetLink {
  @Field({ description: 'The account it resets.' })
  email!: string;

  @Field({
    description:
      'Give it to the account holder: PASSWORD_RESET_LINK_BASE with the token in its fragment (never sent to a server).',
  })
  link!: string;

  @Field({ description: 'The same token on its own: resetPassword(token, newPassword) redeems it once.' })
  token!: string;

  @Field()
  expiresAt!: Date;
}
