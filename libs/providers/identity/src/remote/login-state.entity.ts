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

  /** OpenID Connect logins: the nonce the ID token must carry (it travels in the URL anyway: not a secret). */
  @Column('text', { nullable: true })
  nonce!: string | null;

  /** OpenID Connect logins: the redirect URI the login began with (the token request must repeat it). */
  @Column('text', { name: 'redirect_uri', nullable: true })
  redirectUri!: string | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
