import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PublicSigningJwk } from '@meshplane/auth';

/** One Ed25519 key of the local provider, shared by every replica; the private half only ever sealed. */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn('text')
  kid!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  @Column('jsonb', { name: 'public_jwk' })
  publicJwk!: PublicSigningJwk;

  @Column('text', { name: 'sealed_private_key' })
  sealedPrivateKey!: string;
}
