export interface PendingLogin {
  stateHash: string;
  provider: string;
  sealedCodeVerifier: string;
  nonce: string | null;
  redirectUri: string | null;
  expiresAt: Date;
}

export interface LoginStateStore {
  save(login: PendingLogin): Promise<void>;
  /** Removes and returns the pending login: a state works once, whoever asks first. */
  take(stateHash: string): Promise<PendingLogin | undefined>;
}

export const LOGIN_STATE_STORE = Symbol('LOGIN_STATE_STORE');
