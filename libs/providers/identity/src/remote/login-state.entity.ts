import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A remote login in progress: the OAuth `state` (stored as a hash) and the PKCE verifier (sealed), kept
 * server-side so any replica can complete the login; single use and short-lived.
 */
@Entity({ name: 'login_states' })
@Index('ix_login_states_expires_at', ['expiresAt'])
export class LoginStateEntity {
  @PrimaryColumn('text', { name: 'state_hash' })
  stateHash!: string;

  @Column('text')
  provider!: string;

  @Column('text', { name: 'sealed_code_verifier' })
  sealedCodeVerifier!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
