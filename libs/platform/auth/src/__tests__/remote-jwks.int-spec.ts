import { ManualClock } from '@meshplane/runtime';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, createKeyRing, createTokenVerifier, issueAccessToken, type KeyRing } from '../index.js';
import { MAX_JWKS_BYTES, MAX_JWKS_KEYS } from '../remote-jwks.cache.js';

const AUDIENCE = 'meshplane';
const T0 = Date.parse('2030-01-01T00:00:00Z');
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => close(server)));
});

/** A real JWKS endpoint over loopback HTTP that counts its hits and can be stopped. */
function jwksServer(ring: KeyRing, respond = true) {
  return rawServer((res) => {
    if (!respond) return; // never answers: exercises the fetch timeout
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ring.jwks()));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function fixture(url: string, ring: KeyRing, fetchTimeoutMs = 2_000) {
  const clock = new ManualClock(T0);
  const verifier = createTokenVerifier({
    providers: [{ name: 'acme', issuer: url, audience: AUDIENCE, jwksUrl: `${url}/.well-known/jwks.json` }],
    cacheMaxAgeMs: 60 * 60_000,
    refreshAfterMs: 10 * 60_000,
    refetchCooldownMs: 30_000,
    fetchTimeoutMs,
    clockToleranceSec: 0,
    clock,
  });
  const issue = (signer: KeyRing = ring) =>
    issueAccessToken(signer, {
      issuer: url,
      audience: AUDIENCE,
      subject: 'u-1',
      roles: ['member'],
      ttlSeconds: 24 * 3600,
      issuedAt: clock.now(),
    });
  return { verifier, issue, setNow: (ms: number) => clock.set(T0 + ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).code;
}

/** A JWKS endpoint that answers with whatever `send` writes (a hostile or broken provider when tests say so). */
async function rawServer(send: (res: ServerResponse) => void) {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    send(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, stop: () => close(server) };
}

describe('remote JWKS', () => {
  it('refuses a key set larger than MAX_JWKS_BYTES, declared or streamed, without reading it all', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const padding = 'x'.repeat(64 * 1024);
    // Declared: refused from the header.
    const declared = await rawServer((res) => {
      const body = JSON.stringify({ ...ring.jwks(), padding: padding.repeat(8) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
    });
    const first = fixture(declared.url, ring);
    expect(await codeOf(first.verifier.verify(await first.issue()))).toBe('PROVIDER_UNAVAILABLE');
    // Streamed without a length, and endless: the reader stops soon after the limit.
    let written = 0;
    const endless = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[],"padding":"');
      const pump = () => {
        while (!res.destroyed && written < 64 * MAX_JWKS_BYTES) {
          written += padding.length;
          if (!res.write(padding)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      pump();
    });
    const { verifier, issue } = fixture(endless.url, ring);
    expect(await codeOf(verifier.verify(await issue()))).toBe('PROVIDER_UNAVAILABLE');
    expect(written).toBeLessThan(32 * MAX_JWKS_BYTES);
  });

  it('refuses a key set with more than MAX_JWKS_KEYS keys', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const keys = ring.jwks().keys;
    const many = await rawServer((res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: Array.from({ length: MAX_JWKS_KEYS + 1 }, () => keys[0]) })),
    );
    const { verifier, issue } = fixture(many.url, ring);
    expect(await codeOf(verifier.verify(await issue()))).toBe('PROVIDER_UNAVAILABLE');
    expect(many.hits()).toBe(1);
  });

  it('keeps verifying with cached keys while the provider is down, then fails closed at the hard expiry', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const provider = await jwksServer(ring);
    const { verifier, issue, setNow } = fixture(provider.url, ring);
    const token = await issue();
    await expect(verifier.verify(token)).resolves.toMatchObject({ provider: 'acme', subject: 'u-1' });
    await provider.stop();

    setNow(30 * 60_000); // past the soft refresh: the refetch fails, cached keys still serve
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u-1' });
    setNow(59 * 60_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u-1' });

    setNow(60 * 60_000); // hard expiry
    expect(await codeOf(verifier.verify(token))).toBe('PROVIDER_UNAVAILABLE');
  });

  it('fetches the JWKS once when a token carries the kid of a newly rotated key', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const provider = await jwksServer(ring);
    const { verifier, issue, setNow } = fixture(provider.url, ring);
    await verifier.verify(await issue());
    expect(provider.hits()).toBe(1);

    ring.rotate();
    setNow(60_000); // outside the refetch cooldown
    const rotated = await issue();
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ subject: 'u-1' });
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ subject: 'u-1' });
    expect(provider.hits()).toBe(2);
  });

  it('rate-limits refetches caused by unknown kids and answers TOKEN_INVALID', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const provider = await jwksServer(ring);
    const { verifier, issue, setNow } = fixture(provider.url, ring);
    await verifier.verify(await issue());
    setNow(60_000);
    for (let i = 0; i < 5; i++) {
      const stranger = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
      expect(await codeOf(verifier.verify(await issue(stranger)))).toBe('TOKEN_INVALID');
    }
    expect(provider.hits()).toBe(2);
  });

  it('answers PROVIDER_UNAVAILABLE when keys were never fetched and the provider is down', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const provider = await jwksServer(ring);
    await provider.stop();
    const { verifier, issue } = fixture(provider.url, ring);
    expect(await codeOf(verifier.verify(await issue()))).toBe('PROVIDER_UNAVAILABLE');
  });

  it('gives up on a provider that does not answer within fetchTimeoutMs', async () => {
    const ring = createKeyRing({ rotationMs: 1e9, retainMs: 1e9 });
    const provider = await jwksServer(ring, false);
    const { verifier, issue } = fixture(provider.url, ring, 200);
    const started = Date.now();
    expect(await codeOf(verifier.verify(await issue()))).toBe('PROVIDER_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(provider.hits()).toBe(1);
  });
});
