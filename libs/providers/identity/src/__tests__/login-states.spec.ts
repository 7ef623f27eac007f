import { describe, expect, it } from 'vitest';
import { LoginStatesService } from '../remote/login-states.service.js';
import type { LoginStateStore, PendingLogin } from '../remote/login-state.store.js';
import { createPkcePair, s256Challenge } from '../remote/pkce.js';
import { ManualClock } from '@meshplane/runtime';
import { testIdentityConfig } from './support/test-config.js';

class MemoryLoginStates implements LoginStateStore {
  readonly rows = new Map<string, PendingLogin>();

  save(login: PendingLogin): Promise<void> {
    this.rows.set(login.stateHash, login);
    return Promise.resolve();
  }

  take(stateHash: string): Promise<PendingLogin | undefined> {
    const row = this.rows.get(stateHash);
    this.rows.delete(stateHash);
    return Promise.resolve(row);
  }
}

function service(clock = new ManualClock()) {
  const store = new MemoryLoginStates();
  return { store, clock, states: new LoginStatesService(store, testIdentityConfig(), clock) };
}

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43 unreserved characters whose challenge matches', () => {
    const pair = createPkcePair();

    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(s256Challenge(pair.verifier));
  });
});

describe('remote login state', () => {
  it('hands back the verifier matching the challenge sent, and stores neither state nor verifier in clear', async () => {
    const { states, store } = service();
    const begun = await states.begin('acme');
    const [row] = [...store.rows.values()];

    expect(row?.stateHash).not.toBe(begun.state);
    expect(JSON.stringify(row)).not.toContain(begun.state);
    const { codeVerifier: verifier } = await states.complete('acme', begun.state);
    expect(s256Challenge(verifier)).toBe(begun.codeChallenge);
    expect(JSON.stringify(row)).not.toContain(verifier);
  });

  it('keeps the nonce and redirect URI an OpenID Connect login began with', async () => {
    const { states } = service();
    const { state } = await states.begin('corp', { nonce: 'n-0S6', redirectUri: 'http://127.0.0.1:8123/cb' });

    expect(await states.complete('corp', state)).toMatchObject({
      nonce: 'n-0S6',
      redirectUri: 'http://127.0.0.1:8123/cb',
    });
  });

  it('works once: a replayed state is refused', async () => {
    const { states } = service();
    const { state } = await states.begin('acme');
    await states.complete('acme', state);

    await expect(states.complete('acme', state)).rejects.toThrow(/expired or was already used/);
  });

  it('refuses a state past its lifetime', async () => {
    const { states, clock } = service();
    const { state } = await states.begin('acme');
    clock.advance(600_000);

    await expect(states.complete('acme', state)).rejects.toThrow(/expired or was already used/);
  });

  it('refuses a state begun with another provider', async () => {
    const { states } = service();
    const { state } = await states.begin('acme');

    await expect(states.complete('partner', state)).rejects.toThrow(/expired or was already used/);
  });
});
