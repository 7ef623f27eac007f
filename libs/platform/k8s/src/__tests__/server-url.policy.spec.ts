import { type LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  checkKubeconfigServers,
  checkServerUrl,
  type HostLookup,
  KubeconfigError,
  parseUntrustedKubeconfig,
} from '../index.js';

function resolver(records: Record<string, string[]>): HostLookup {
  return (hostname) => {
    const addresses = records[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
    return Promise.resolve(
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

// No test here opens a socket: the resolver is a stub and checkServerUrl never connects.
const dns = resolver({
  'k8s.example.com': ['8.8.8.8', '2001:4860:4860::8888'],
  'rebind.example.com': ['8.8.8.8', '127.0.0.1'],
  'private.example.com': ['10.0.0.5'],
  'mixed.example.com': ['8.8.8.8', '10.0.0.5'],
  'v6-loop.example.com': ['::1'],
  'mapped.example.com': ['::ffff:169.254.169.254'],
  'mapped-private.example.com': ['::ffff:a00:1'],
});

async function refusal(url: string, policy = {}): Promise<KubeconfigError> {
  const error = await checkServerUrl(url, { ...policy, resolve: dns }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof KubeconfigError) return error;
  throw new Error(`expected ${url} to be refused, got ${String(error)}`);
}

describe('checkServerUrl', () => {
  it('allows a public https server and returns every address it resolved to', async () => {
    await expect(checkServerUrl('https://k8s.example.com:6443/', { resolve: dns })).resolves.toEqual({
      url: 'https://k8s.example.com:6443/',
      host: 'k8s.example.com',
      addresses: ['8.8.8.8', '2001:4860:4860::8888'],
    });
  });

  it('refuses private networks by default; the operator opens them with the allow list', async () => {
    expect(await refusal('https://private.example.com')).toMatchObject({
      code: 'SERVER_NOT_ALLOWED',
      reason: 'resolves to a private address (RFC 1918)',
    });
    expect((await refusal('https://10.0.0.5:6443')).reason).toMatch(/private/);
    await expect(
      checkServerUrl('https://private.example.com', { allowCidrs: ['10.0.0.0/8'], resolve: dns }),
    ).resolves.toMatchObject({ addresses: ['10.0.0.5'] });
    expect((await refusal('https://mixed.example.com')).reason).toMatch(/private/);
  });

  it.each([
    ['http://169.254.169.254/', /plain http/],
    ['https://169.254.169.254/', /cloud metadata/],
    ['https://[fd00:ec2::254]/', /cloud metadata/],
    ['https://metadata.google.internal/', /cloud metadata/],
    ['https://METADATA.google.internal./', /cloud metadata/],
    ['https://127.0.0.1:6443', /loopback/],
    ['https://2130706433/', /loopback/],
    ['https://[::1]/', /loopback/],
    ['https://[::ffff:127.0.0.1]/', /loopback/],
    ['https://169.254.10.1/', /link-local/],
    ['https://[fe80::1]/', /link-local/],
    ['https://0.0.0.0/', /unspecified/],
    ['https://[::]/', /unspecified/],
    ['https://224.0.0.1/', /multicast/],
    ['https://10.1.2.3/', /private/],
    ['https://172.16.0.1/', /private/],
    ['https://192.168.1.1/', /private/],
    ['https://100.64.0.1/', /carrier-grade NAT/],
    ['https://[fd12:3456::1]/', /unique local/],
    ['https://[::ffff:10.0.0.1]/', /private/],
    ['https://[::ffff:a00:1]/', /private/],
    ['https://mapped-private.example.com/', /private/],
    // WHATWG URL normalizes decimal, hex, octal and short IPv4 forms before the policy sees the host.
    ['https://167772161/', /private/],
    ['https://0xa000001/', /private/],
    ['https://0x0a.0.0.1/', /private/],
    ['https://012.0.0.1/', /private/],
    ['https://10.1/', /private/],
    ['https://0177.1/', /loopback/],
    ['https://192.0.2.1/', /documentation/],
    ['https://198.18.0.1/', /benchmarking/],
    ['https://255.255.255.255/', /reserved/],
    ['https://[64:ff9b::a00:1]/', /IPv4-translation/],
    ['https://rebind.example.com/', /loopback/],
    ['https://v6-loop.example.com/', /loopback/],
    ['https://mapped.example.com/', /cloud metadata/],
  ])('refuses %s', async (url, reason) => {
    const error = await refusal(url);
    expect(error).toMatchObject({ code: 'SERVER_NOT_ALLOWED', field: 'server' });
    expect(error.reason).toMatch(reason);
  });

  it('refuses https://localhost through real resolution', async () => {
    const error = await checkServerUrl('https://localhost:6443', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERVER_NOT_ALLOWED', reason: expect.stringMatching(/loopback/) });
  });

  it.each([
    ['ftp://k8s.example.com/', 'INVALID_FIELD'],
    ['https://admin:pw@k8s.example.com/', 'INVALID_FIELD'],
    ['https://k8s.example.com/?x=1', 'INVALID_FIELD'],
    ['k8s.example.com:6443', 'INVALID_FIELD'],
    ['https://unknown.example.com/', 'SERVER_UNRESOLVABLE'],
  ])('refuses the malformed or unresolvable %s with %s', async (url, code) => {
    expect(await refusal(url)).toMatchObject({ code });
  });

  it('lets an operator-allowed CIDR through, and plain http only when allowed', async () => {
    const policy = { allowCidrs: ['127.0.0.0/8'], allowInsecureHttp: true };
    await expect(checkServerUrl('http://127.0.0.1:8080', { ...policy, resolve: dns })).resolves.toMatchObject(
      {
        addresses: ['127.0.0.1'],
      },
    );
    expect((await refusal('http://127.0.0.1:8080', { allowCidrs: ['127.0.0.0/8'] })).reason).toMatch(
      /plain http/,
    );
    expect((await refusal('https://[::1]/', { allowCidrs: ['127.0.0.0/8'] })).reason).toMatch(/loopback/);
    expect(
      (await refusal('https://metadata.google.internal/', { allowCidrs: ['0.0.0.0/0'] })).reason,
    ).toMatch(/metadata/);
  });

  it('refuses a host when any one of its addresses is refused', async () => {
    const error = await refusal('https://rebind.example.com/', { allowCidrs: ['8.8.8.0/24'] });
    expect(error.reason).toMatch(/loopback/);
  });
});

describe('checkKubeconfigServers', () => {
  it('names the refused clusters[i].cluster.server of an imported kubeconfig', async () => {
    const parsed = parseUntrustedKubeconfig(
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- {name: ok, cluster: {server: "https://k8s.example.com"}}',
        '- {name: meta, cluster: {server: "https://169.254.169.254/"}}',
        'users: [{name: u, user: {token: t}}]',
        'contexts:',
        '- {name: a, context: {cluster: ok, user: u}}',
        '- {name: b, context: {cluster: meta, user: u}}',
      ].join('\n'),
    );
    const error = await checkKubeconfigServers(parsed, { resolve: dns }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SERVER_NOT_ALLOWED',
      field: 'clusters[1].cluster.server',
      message: expect.stringMatching(
        /^clusters\[1\]\.cluster\.server: resolves to the cloud metadata service/,
      ),
    });
  });
});
