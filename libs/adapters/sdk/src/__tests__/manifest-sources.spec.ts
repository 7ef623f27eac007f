import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationError } from '../adapter-definition.js';
import { FileInventoryStore } from '../manifests/file-inventory.js';
import {
  checkBundleUrl,
  parseUrlWithChecksum,
  resolveManifests,
  resolveSample,
  type ManifestSourceConfig,
} from '../sources/manifest-sources.js';

const BUNDLE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: mesh-system}\n';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
let dir: string;
let http: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sources-'));
  mkdirSync(join(dir, 'bundles/1.0.0'), { recursive: true });
  writeFileSync(join(dir, 'bundles/1.0.0/b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
  writeFileSync(join(dir, 'bundles/1.0.0/a.yaml'), BUNDLE);
  writeFileSync(join(dir, 'bundles/1.0.0/notes.txt'), 'ignored');
  mkdirSync(join(dir, 'bin'));
  // A stand-in for the mesh CLI: reports 2.0.0 and echoes the arguments it was given (no shell between us).
  writeFileSync(
    join(dir, 'bin/meshctl'),
    '#!/bin/sh\nif [ "$1" = version ]; then echo "client 2.0.0"; exit 0; fi\n' +
      'printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: rendered}\\ndata: {args: \\"%s\\"}\\n" "$*"\n',
  );
  chmodSync(join(dir, 'bin/meshctl'), 0o755);
  mkdirSync(join(dir, 'slow'));
  writeFileSync(
    join(dir, 'slow/meshctl'),
    '#!/bin/sh\nif [ "$1" = version ]; then echo 2.0.0; exit 0; fi\nexec sleep 30\n',
  );
  chmodSync(join(dir, 'slow/meshctl'), 0o755);
  http = createServer((req, res) => {
    if (req.url === '/big.yaml') res.end('x'.repeat(4096));
    else if (req.url === '/bundle.yaml') res.end(BUNDLE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const config = (extra: Partial<ManifestSourceConfig> = {}): ManifestSourceConfig => ({
  mesh: 'demo',
  cli: {
    binary: 'meshctl',
    versionArgs: ['version'],
    render: (version, profile) => [['manifest', `--profile=${profile}`, `--v=${version}; rm -rf /`]],
  },
  searchPath: '',
  settings: { cli: 'meshctl on DEMO_CLI_PATH', bundleDir: 'DEMO_BUNDLE_DIR', bundleUrls: 'DEMO_BUNDLE_URLS' },
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

describe('resolveManifests', () => {
  it('with nothing configured names the version and the three ways to provide it', async () => {
    const error = await failure(resolveManifests(config({ bundleDir: join(dir, 'missing') }), '1.0.0'));
    expect(error.message).toBe('no manifest source for demo 1.0.0');
    expect(error.details.suggestedRemediation).toEqual([
      "put meshctl 1.0.0 on the adapter's PATH (meshctl on DEMO_CLI_PATH)",
      `or set DEMO_BUNDLE_DIR to a directory holding 1.0.0/*.yaml (now ${join(dir, 'missing')}, which has no 1.0.0/)`,
      'or set DEMO_BUNDLE_URLS to {"1.0.0": {"url": "https://…/bundle.yaml", "sha256": "<64 hex>"}}',
    ]);
  });

  it('reads <dir>/<version>/*.yaml in name order', async () => {
    const resolved = await resolveManifests(config({ bundleDir: join(dir, 'bundles') }), '1.0.0');
    expect(resolved.source).toBe('bundle-dir');
    expect(resolved.text.indexOf('mesh-system')).toBeLessThan(resolved.text.indexOf('name: b'));
    expect(resolved.text).not.toContain('ignored');
  });

  it('runs the CLI found on the search path only for the version it reports, without a shell', async () => {
    const withCli = config({ searchPath: join(dir, 'bin') });
    const resolved = await resolveManifests(withCli, '2.0.0', { profile: 'minimal' });
    expect(resolved).toMatchObject({ source: 'cli', location: join(dir, 'bin/meshctl') });
    expect(resolved.text).toContain('args: "manifest --profile=minimal --v=2.0.0; rm -rf /"');
    expect((await failure(resolveManifests(withCli, '1.0.0'))).message).toBe(
      'no manifest source for demo 1.0.0',
    );
  });

  it('caps what the CLI prints', async () => {
    const error = await failure(
      resolveManifests(config({ searchPath: join(dir, 'bin'), maxBytes: 20 }), '2.0.0'),
    );
    expect(error.details.probableCause?.[0]).toContain('exceeded 20 bytes');
  });

  it('stops a CLI that takes longer than its timeout', async () => {
    const error = await failure(
      resolveManifests(config({ searchPath: join(dir, 'slow'), cliTimeoutMs: 200 }), '2.0.0'),
    );
    expect(error.details.probableCause?.[0]).toBe('it did not finish within 200 ms');
  });

  it('uses a URL only when its checksum matches, and caps its size', async () => {
    const url = `${base}/bundle.yaml`;
    const ok = await resolveManifests(
      config({ bundleUrls: { '1.0.0': { url, sha256: sha(BUNDLE) } } }),
      '1.0.0',
    );
    expect(ok).toEqual({ source: 'url', location: url, text: BUNDLE });
    const wrong = await failure(
      resolveManifests(config({ bundleUrls: { '1.0.0': { url, sha256: sha('other') } } }), '1.0.0'),
    );
    expect(wrong.message).toBe(`checksum mismatch for ${url}`);
    expect(wrong.details.details).toContain(`got ${sha(BUNDLE)}`);
    const big = await failure(
      resolveManifests(
        config({ maxBytes: 1024, bundleUrls: { '1.0.0': { url: `${base}/big.yaml`, sha256: sha('x') } } }),
        '1.0.0',
      ),
    );
    expect(big.message).toContain('is larger than 1024 bytes');
  });

  it('refuses a version with both a URL and a bundle directory', async () => {
    const both = config({
      bundleDir: join(dir, 'bundles'),
      bundleUrls: { '1.0.0': { url: `${base}/bundle.yaml`, sha256: sha(BUNDLE) } },
    });
    expect((await failure(resolveManifests(both, '1.0.0'))).message).toBe(
      'demo 1.0.0 has two manifest sources configured',
    );
  });
});

describe('bundle URLs', () => {
  it('are https, or http on loopback, without credentials', () => {
    expect(checkBundleUrl('https://example.test/b.yaml').hostname).toBe('example.test');
    expect(checkBundleUrl('http://[::1]:8080/b.yaml').port).toBe('8080');
    expect(() => checkBundleUrl('http://example.test/b.yaml')).toThrow(/must be https/);
    expect(() => checkBundleUrl('https://u:p@example.test/b.yaml')).toThrow(/credentials/);
    expect(parseUrlWithChecksum(`https://example.test/b.yaml#sha256=${'A'.repeat(64)}`)).toEqual({
      url: 'https://example.test/b.yaml',
      sha256: 'a'.repeat(64),
    });
    expect(() => parseUrlWithChecksum('https://example.test/b.yaml')).toThrow(/sha256/);
  });
});

describe('resolveSample', () => {
  it('reads the configured file or checked URL, and without one names both settings', async () => {
    const settings = { file: 'DEMO_SAMPLE_SHOP_FILE', url: 'DEMO_SAMPLE_SHOP_URL' };
    const file = join(dir, 'bundles/1.0.0/a.yaml');
    expect((await resolveSample('shop', { file }, settings)).text).toBe(BUNDLE);
    const url = { url: `${base}/bundle.yaml`, sha256: sha(BUNDLE) };
    expect(await resolveSample('shop', { url }, settings)).toMatchObject({ source: 'url', text: BUNDLE });
    const mismatch = await failure(resolveSample('shop', { url: { ...url, sha256: sha('x') } }, settings));
    expect(mismatch.message).toContain('checksum mismatch');
    const error = await failure(resolveSample('shop', undefined, settings));
    expect(error.message).toBe('no source for sample application shop');
    expect(error.details.suggestedRemediation?.join(' ')).toMatch(
      /DEMO_SAMPLE_SHOP_FILE.*DEMO_SAMPLE_SHOP_URL/,
    );
  });
});

describe('FileInventoryStore', () => {
  it('keeps records across instances (a restart), one file per key, and forgets deleted keys', async () => {
    const stateDir = join(dir, 'state');
    const record = {
      objects: [{ apiVersion: 'v1', kind: 'Namespace', name: 'mesh-system' }],
      operationId: 'op-1',
      updatedAt: '2026-12-04T00:00:00.000Z',
    };
    await new FileInventoryStore(stateDir).put('org/conn/../mesh', record);
    const reopened = new FileInventoryStore(stateDir);
    expect(await reopened.get('org/conn/../mesh')).toEqual(record);
    expect(await reopened.get('org/conn/other')).toBeUndefined();
    await reopened.delete('org/conn/../mesh');
    await reopened.delete('org/conn/../mesh');
    expect(await new FileInventoryStore(stateDir).get('org/conn/../mesh')).toBeUndefined();
  });
});
