import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { openSecret, sealSecret } from '@meshplane/auth';
import { UnauthenticatedError } from '@meshplane/graphql';
import { Clock } from '@meshplane/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config.js';
import { LOGIN_STATE_STORE, type LoginStateStore } from './login-state.store.js';
import { createPkcePair } from './pkce.js';

const SEAL_AAD = 'meshplane.identity.pkce-verifier';

export interface BegunLogin {
  state: string;
  codeChallenge: string;
}

/** What an OpenID Connect login keeps besides the PKCE verifier. */
export interface LoginBinding {
  nonce?: string;
  redirectUri?: string;
}

export interface CompletedLogin extends LoginBinding {
  codeVerifier: string;
}

/** OAuth state + PKCE verifier of remote logins: created at beginLogin, consumed once at completeLogin. */
@Injectable()
export class LoginStatesService {
  constructor(
    @Inject(LOGIN_STATE_STORE) private readonly store: LoginStateStore,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  async begin(provider: string, binding: LoginBinding = {}): Promise<BegunLogin> {
    const state = randomBytes(24).toString('base64url');
    const pkce = createPkcePair();
    await this.store.save({
      stateHash: hashState(state),
      provider,
      sealedCodeVerifier: sealSecret(pkce.verifier, this.sealingKey(), SEAL_AAD),
      nonce: binding.nonce ?? null,
      redirectUri: binding.redirectUri ?? null,
      expiresAt: new Date(this.clock.nowMs() + this.config.LOGIN_STATE_TTL_SECONDS * 1000),
    });
    return { state, codeChallenge: pkce.challenge };
  }

  /**
   * The PKCE verifier (and OpenID Connect binding) of a login begun with `provider`, consumed: unknown, reused,
   * expired or crossed states are refused.
   */
  async complete(provider: string, state: string): Promise<CompletedLogin> {
    const pending = await this.store.take(hashState(state));
    if (!pending || pending.provider !== provider || pending.expiresAt.getTime() <= this.clock.nowMs()) {
      throw new UnauthenticatedError('This login has expired or was already used: start it again');
    }
    return {
      codeVerifier: openSecret(pending.sealedCodeVerifier, this.config.PROVIDERS_KEY_SECRET, SEAL_AAD),
      ...(pending.nonce === null ? {} : { nonce: pending.nonce }),
      ...(pending.redirectUri === null ? {} : { redirectUri: pending.redirectUri }),
    };
  }

  private sealingKey(): string {
    const [key] = this.config.PROVIDERS_KEY_SECRET;
    if (key === undefined) throw new Error('PROVIDERS_KEY_SECRET holds no key');
    return key;
  }
}

function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}
