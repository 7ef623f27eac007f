import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openFromSender, recipientKeyPair, signInternalContext } from '@meshplane/auth';
import { CONNECTION_CREDENTIALS_AUDIENCE, connectionCredentialsAad } from '@meshplane/contracts';
import { ClusterProbeError, type SanitizedContext, type SealedContext } from '@meshplane/k8s';
import {
  answerConnectionCredentials,
  type CredentialsSource,
} from '../credentials/connection-credentials.answer.js';
import { CredentialsUnavailableError } from '../lifecycle/credentials-unavailable.error.js';

const SECRET = 'a-service-context-secret-of-32-characters!';
const ORG = randomUUID();
const OTHER_ORG = randomUUID();
const CONNECTION = randomUUID();
const OPERATION = randomUUID();
const CLUSTER = randomUUID();
const sealed = { v: 1 } as unknown as SealedContext;
const context: SanitizedContext = {
  name: 'prod',
  cluster: { name: 'c', server: 'https://127.0.0.1:6443', insecureSkipTlsVerify: false },
  user: { name: 'u', token: 'the-cluster-token' },
  source: { cluster: 'c', user: 'u', context: 'prod' },
};

function source(overrides: Partial<CredentialsSource> = {}, status = 'connected'): CredentialsSource {
  return {
    find: async (orgId, id) =>
      orgId === ORG && id === CONNECTION ? { status, credentials: sealed, clusterId: CLUSTER } : null,
    open: async () => context,
    ...overrides,
  };
}

function sign(
  ctx: { orgId?: string; requestId?: string },
  options: { audience?: string; kind?: 'user' | 'service' } = {},
) {
  return signInternalContext({ roles: [], requestId: OPERATION, ...ctx }, SECRET, {
    ttlMs: 30_000,
    audience: options.audience ?? CONNECTION_CREDENTIALS_AUDIENCE,
    kind: options.kind ?? 'service',
  });
}

describe('answerConnectionCredentials', () => {
  it("answers the org's connected connection sealed to the asker's key, bound to org, connection and operation", async () => {
    const keys = recipientKeyPair();
    const answer = await answerConnectionCredentials(
      { context: sign({ orgId: ORG }), connectionId: CONNECTION, recipientKey: keys.publicKey },
      [SECRET],
      source(),
    );
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.clusterId).toBe(CLUSTER);
    expect(JSON.stringify(answer)).not.toContain('the-cluster-token');
    const text = openFromSender(
      answer.kubeconfig,
      keys,
      connectionCredentialsAad(ORG, CONNECTION, OPERATION),
    );
    expect(text.toString()).toContain('token: the-cluster-token');
    expect(() =>
      openFromSender(answer.kubeconfig, keys, connectionCredentialsAad(ORG, CONNECTION, randomUUID())),
    ).toThrow(/authentication/);
  });

  it('refuses a missing, forged, user-kind or other-audience context, and one naming no organization', async () => {
    const keys = recipientKeyPair();
    const ask = (ctx: string) =>
      answerConnectionCredentials(
        { context: ctx, connectionId: CONNECTION, recipientKey: keys.publicKey },
        [SECRET],
        source(),
      );
    const forged = signInternalContext({ orgId: ORG, roles: [], requestId: OPERATION }, 'x'.repeat(40), {
      ttlMs: 30_000,
      audience: CONNECTION_CREDENTIALS_AUDIENCE,
      kind: 'service',
    });
    for (const ctx of [
      forged,
      sign({ orgId: ORG }, { kind: 'user' }),
      sign({ orgId: ORG }, { audience: 'providers' }),
      sign({}),
      sign({ orgId: ORG, requestId: '' }),
    ]) {
      expect(await ask(ctx)).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    }
    expect(
      await answerConnectionCredentials(
        { connectionId: CONNECTION, recipientKey: keys.publicKey },
        [SECRET],
        source(),
      ),
    ).toMatchObject({ ok: false, code: 'INVALID', message: expect.stringContaining('context') });
    expect(
      await answerConnectionCredentials(
        { context: sign({ orgId: ORG }), connectionId: CONNECTION, recipientKey: 'short' },
        [SECRET],
        source(),
      ),
    ).toMatchObject({ ok: false, code: 'INVALID', message: expect.stringContaining('recipientKey') });
  });

  it("answers another org's connection as not found, and names what blocks a connection of its own", async () => {
    const keys = recipientKeyPair();
    const ask = (orgId: string, src: CredentialsSource) =>
      answerConnectionCredentials(
        { context: sign({ orgId }), connectionId: CONNECTION, recipientKey: keys.publicKey },
        [SECRET],
        src,
      );
    expect(await ask(OTHER_ORG, source())).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await ask(ORG, source({}, 'deleted'))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await ask(ORG, source({}, 'disconnected'))).toMatchObject({
      ok: false,
      code: 'NOT_CONNECTED',
      message: expect.stringContaining('is disconnected'),
    });
    const unavailable = source({ open: () => Promise.reject(new CredentialsUnavailableError('no keys')) });
    expect(await ask(ORG, unavailable)).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    const refused = source({
      open: () =>
        Promise.reject(new ClusterProbeError('NOT_ALLOWED', 'The cluster server is not allowed: 10.0.0.1')),
    });
    const answer = await ask(ORG, refused);
    expect(answer).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(JSON.stringify(answer)).not.toContain('10.0.0.1');
  });
});
