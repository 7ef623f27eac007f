import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KubeconfigError, parseKubeconfigContexts, parseUntrustedKubeconfig } from '../index.js';
import { b64, CA_CERT_PEM, CLIENT_CERT_PEM, CLIENT_KEY_PEM, OTHER_KEY_PEM } from './fixtures/test-pki.js';

type Doc = Record<string, unknown>;

function kubeconfig(overrides: { cluster?: Doc; user?: Doc; context?: Doc; top?: Doc } = {}): Doc {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'prod', cluster: { server: 'https://k8s.example.com:6443', ...overrides.cluster } }],
    users: [{ name: 'admin', user: { token: 'abc.def-123', ...overrides.user } }],
    contexts: [{ name: 'prod-admin', context: { cluster: 'prod', user: 'admin', ...overrides.context } }],
    'current-context': 'prod-admin',
    ...overrides.top,
  };
}

function refusal(text: string, options?: Parameters<typeof parseUntrustedKubeconfig>[1]): KubeconfigError {
  try {
    parseUntrustedKubeconfig(text, options);
  } catch (error) {
    if (error instanceof KubeconfigError) return error;
    throw error;
  }
  throw new Error('expected the kubeconfig to be refused');
}

const refusalOf = (doc: Doc) => refusal(stringify(doc));

describe('parseUntrustedKubeconfig: what it keeps', () => {
  it('rebuilds a token context from allow-listed fields and drops unknown keys', () => {
    const parsed = parseUntrustedKubeconfig(
      stringify(
        kubeconfig({
          cluster: { 'tls-server-name': 'api.internal', 'disable-compression': true, extensions: [{ x: 1 }] },
          user: { extra: 'ignored' },
          context: { namespace: 'mesh' },
          top: { preferences: { colors: true } },
        }),
      ),
    );
    expect(parsed.contexts).toEqual([
      {
        name: 'prod-admin',
        namespace: 'mesh',
        cluster: {
          name: 'prod',
          server: 'https://k8s.example.com:6443',
          tlsServerName: 'api.internal',
          insecureSkipTlsVerify: false,
        },
        user: { name: 'admin', token: 'abc.def-123' },
        source: { context: 'contexts[0]', cluster: 'clusters[0]', user: 'users[0]' },
      },
    ]);
  });

  it('keeps a CA bundle and a matching client certificate and key as normalised base64', () => {
    const wrapped = b64(CLIENT_CERT_PEM).replace(/(.{64})/g, '$1\n');
    const [ctx] = parseUntrustedKubeconfig(
      stringify(
        kubeconfig({
          cluster: { 'certificate-authority-data': b64(CA_CERT_PEM + CLIENT_CERT_PEM) },
          user: {
            token: undefined,
            'client-certificate-data': wrapped,
            'client-key-data': b64(CLIENT_KEY_PEM),
          },
        }),
      ),
    ).contexts;
    expect(ctx?.cluster.certificateAuthorityData).toBe(b64(CA_CERT_PEM + CLIENT_CERT_PEM));
    expect(ctx?.user).toEqual({
      name: 'admin',
      clientCertificateData: b64(CLIENT_CERT_PEM),
      clientKeyData: b64(CLIENT_KEY_PEM),
    });
  });

  it('keeps basic auth', () => {
    const [ctx] = parseUntrustedKubeconfig(
      stringify(kubeconfig({ user: { token: undefined, username: 'ops', password: 's3cret pass' } })),
    ).contexts;
    expect(ctx?.user).toEqual({ name: 'admin', username: 'ops', password: 's3cret pass' });
  });

  it('imports only the contexts asked for and ignores an exec user that no imported context uses', () => {
    const doc = kubeconfig();
    (doc['users'] as Doc[]).push({ name: 'gke', user: { exec: { command: 'gke-gcloud-auth-plugin' } } });
    (doc['contexts'] as Doc[]).push({ name: 'gke', context: { cluster: 'prod', user: 'gke' } });
    const parsed = parseUntrustedKubeconfig(stringify(doc), { contexts: ['prod-admin'] });
    expect(parsed.contexts.map((c) => c.name)).toEqual(['prod-admin']);
    expect(refusalOf(doc)).toMatchObject({ code: 'REFUSED_FIELD', field: 'users[1].user.exec' });
  });

  it('returns every context when none is named, each resolved to its own cluster and user', () => {
    const doc = kubeconfig();
    (doc['contexts'] as Doc[]).push({ name: 'prod-view', context: { cluster: 'prod', user: 'admin' } });
    const parsed = parseUntrustedKubeconfig(stringify(doc));
    expect(parsed.contexts.map((c) => [c.name, c.cluster.server])).toEqual([
      ['prod-admin', 'https://k8s.example.com:6443'],
      ['prod-view', 'https://k8s.example.com:6443'],
    ]);
  });
});

describe('parseUntrustedKubeconfig: YAML safety', () => {
  it('refuses a billion-laughs alias bomb before expanding it', () => {
    const lines = [
      'apiVersion: v1',
      'kind: Config',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
    ]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    expect(refusal(lines.join('\n'))).toMatchObject({
      code: 'INVALID_YAML',
      reason: expect.stringMatching(/alias/),
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('allows a few aliases (hand-written kubeconfigs share a user) and refuses past the maxAliasCount of 16', () => {
    const withAliases = (count: number) =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://k8s.example.com"}}]',
        'users: [{name: u, user: &creds {token: t}}]',
        'contexts:',
        ...Array.from(
          { length: count },
          (_, i) => `- {name: c${i}, context: {cluster: c, user: u}, extra: *creds}`,
        ),
      ].join('\n');
    expect(parseUntrustedKubeconfig(withAliases(8)).contexts).toHaveLength(8);
    expect(refusal(withAliases(17))).toMatchObject({
      code: 'INVALID_YAML',
      reason: expect.stringMatching(/alias/),
    });
  });

  it('refuses a 10 MB file by size before parsing it', () => {
    const huge = stringify(kubeconfig()) + `padding: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    expect(refusal(huge)).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('measures the limit in bytes, not characters', () => {
    const text = stringify(kubeconfig({ top: { note: 'é'.repeat(600) } }));
    expect(() => parseUntrustedKubeconfig(text, { maxBytes: text.length + 100 })).toThrow(KubeconfigError);
    expect(parseUntrustedKubeconfig(text, { maxBytes: 4096 }).contexts).toHaveLength(1);
  });

  it.each([
    ['YAML 1.1 binary tag', 'clusters: !!binary aGVsbG8='],
    ['set tag', 'clusters: !!set {a}'],
    ['custom tag', 'clusters: !python/object x'],
    ['collection key', '? [a, b]\n: x'],
    ['duplicate key', 'kind: Config\nkind: Config'],
    ['second document', 'kind: Config\n---\nkind: Config'],
    ['syntax error', 'clusters: [unclosed'],
    ['deep nesting', `x: ${'['.repeat(40)}${']'.repeat(40)}`],
  ])('refuses non-JSON YAML: %s', (_, extra) => {
    expect(refusal(`apiVersion: v1\n${extra}\n`)).toMatchObject({ code: 'INVALID_YAML' });
  });
});

describe('parseUntrustedKubeconfig: refusals name the field', () => {
  it.each([
    ['users[0].user.exec', { user: { exec: { command: 'aws', args: ['eks', 'get-token'] } } }],
    [
      'users[0].user.auth-provider',
      { user: { 'auth-provider': { name: 'gcp', config: { 'cmd-path': '/bin/sh' } } } },
    ],
    ['users[0].user.client-certificate', { user: { 'client-certificate': '/etc/passwd' } }],
    ['users[0].user.client-key', { user: { 'client-key': '/root/.ssh/id_rsa' } }],
    ['users[0].user.tokenFile', { user: { tokenFile: '/var/run/secrets/token' } }],
    ['users[0].user.some-new-file', { user: { 'some-new-file': '/x' } }],
    ['users[0].user.as', { user: { as: 'system:admin' } }],
    ['users[0].user.as-groups', { user: { 'as-groups': ['system:masters'] } }],
    ['users[0].user.as-uid', { user: { 'as-uid': '0' } }],
    ['users[0].user.as-user-extra', { user: { 'as-user-extra': { scopes: ['x'] } } }],
    [
      'clusters[0].cluster.certificate-authority',
      { cluster: { 'certificate-authority': '/etc/ssl/ca.pem' } },
    ],
    ['clusters[0].cluster.proxy-url', { cluster: { 'proxy-url': 'socks5://attacker:1080' } }],
  ])('refuses %s', (field, overrides) => {
    expect(refusalOf(kubeconfig(overrides))).toMatchObject({ code: 'REFUSED_FIELD', field });
  });

  const invalid: Array<[Parameters<typeof kubeconfig>[0], string, string]> = [
    [{ top: { apiVersion: 'v2' } }, 'UNSUPPORTED_VERSION', 'apiVersion'],
    [{ top: { apiVersion: undefined } }, 'MISSING_FIELD', 'apiVersion'],
    [{ top: { kind: 'Pod' } }, 'UNSUPPORTED_VERSION', 'kind'],
    [{ cluster: { server: undefined } }, 'MISSING_FIELD', 'clusters[0].cluster.server'],
    [{ cluster: { server: 'ftp://k8s.example.com' } }, 'INVALID_FIELD', 'clusters[0].cluster.server'],
    [
      { cluster: { server: 'https://user:pw@k8s.example.com' } },
      'INVALID_FIELD',
      'clusters[0].cluster.server',
    ],
    [{ cluster: { server: 'not a url' } }, 'INVALID_FIELD', 'clusters[0].cluster.server'],
    [
      { cluster: { 'insecure-skip-tls-verify': 'yes' } },
      'INVALID_FIELD',
      'clusters[0].cluster.insecure-skip-tls-verify',
    ],
    [{ cluster: { 'tls-server-name': 'bad name!' } }, 'INVALID_FIELD', 'clusters[0].cluster.tls-server-name'],
    [
      { cluster: { 'certificate-authority-data': b64(CA_CERT_PEM), 'insecure-skip-tls-verify': true } },
      'INVALID_FIELD',
      'clusters[0].cluster.insecure-skip-tls-verify',
    ],
    [
      { cluster: { 'certificate-authority-data': 'not base64!' } },
      'INVALID_FIELD',
      'clusters[0].cluster.certificate-authority-data',
    ],
    [
      { cluster: { 'certificate-authority-data': b64('hello') } },
      'INVALID_FIELD',
      'clusters[0].cluster.certificate-authority-data',
    ],
    [
      {
        cluster: {
          'certificate-authority-data': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'),
        },
      },
      'INVALID_FIELD',
      'clusters[0].cluster.certificate-authority-data',
    ],
    [{ user: { token: undefined } }, 'MISSING_FIELD', 'users[0].user'],
    [{ user: { token: 'abc\r\nX-Injected: 1' } }, 'INVALID_FIELD', 'users[0].user.token'],
    [{ user: { token: 'has space' } }, 'INVALID_FIELD', 'users[0].user.token'],
    [
      { user: { 'client-key-data': b64(CLIENT_KEY_PEM) } },
      'MISSING_FIELD',
      'users[0].user.client-certificate-data',
    ],
    [
      { user: { 'client-certificate-data': b64(CLIENT_CERT_PEM) } },
      'MISSING_FIELD',
      'users[0].user.client-key-data',
    ],
    [
      { user: { 'client-certificate-data': b64(CLIENT_CERT_PEM), 'client-key-data': b64(OTHER_KEY_PEM) } },
      'INVALID_FIELD',
      'users[0].user.client-key-data',
    ],
    [
      {
        user: {
          'client-certificate-data': b64(CLIENT_CERT_PEM),
          'client-key-data': b64('-----BEGIN PRIVATE KEY-----\nZm9v\n-----END PRIVATE KEY-----'),
        },
      },
      'INVALID_FIELD',
      'users[0].user.client-key-data',
    ],
    [{ user: { token: undefined, username: 'ops' } }, 'MISSING_FIELD', 'users[0].user.password'],
    [{ user: { username: 'a:b', password: 'x' } }, 'INVALID_FIELD', 'users[0].user.username'],
    [{ context: { cluster: 'nope' } }, 'UNKNOWN_REFERENCE', 'contexts[0].context.cluster'],
    [{ context: { user: 'nope' } }, 'UNKNOWN_REFERENCE', 'contexts[0].context.user'],
    [{ context: { user: undefined } }, 'MISSING_FIELD', 'contexts[0].context.user'],
    [{ context: { namespace: 'Not_A_Label' } }, 'INVALID_FIELD', 'contexts[0].context.namespace'],
    [{ top: { contexts: [] } }, 'MISSING_FIELD', 'contexts'],
    [{ top: { clusters: { prod: {} } } }, 'INVALID_FIELD', 'clusters'],
  ];
  it.each(invalid.map(([overrides, code, field]) => ({ overrides, code, field })))(
    'refuses $field with $code',
    ({ overrides, code, field }) => {
      expect(refusalOf(kubeconfig(overrides))).toMatchObject({ code, field });
    },
  );

  it.each(['clusters', 'users', 'contexts'])(
    'refuses more than 100 %s whatever the selected contexts, naming the list',
    (list) => {
      const doc = kubeconfig();
      const entries = doc[list] as Doc[];
      const [first] = entries;
      for (let i = 1; i <= 100; i++) entries.push({ ...structuredClone(first), name: `extra-${i}` });
      for (const options of [{}, { contexts: ['prod-admin'] }]) {
        expect(refusal(stringify(doc), options)).toMatchObject({ code: 'TOO_LARGE', field: list });
      }
      entries.pop();
      expect(parseUntrustedKubeconfig(stringify(doc), { contexts: ['prod-admin'] }).contexts).toHaveLength(1);
    },
  );

  it('reports each selected context on its own, after one parse of the document', () => {
    const doc = kubeconfig();
    (doc['contexts'] as Doc[]).push({ name: 'broken', context: { cluster: 'nowhere', user: 'admin' } });
    const results = parseKubeconfigContexts(stringify(doc), { contexts: ['prod-admin', 'broken', 'nope'] });
    expect(results.map((r) => [r.name, r.context?.name, r.error?.code, r.error?.field])).toEqual([
      ['prod-admin', 'prod-admin', undefined, undefined],
      ['broken', undefined, 'UNKNOWN_REFERENCE', 'contexts[1].context.cluster'],
      ['nope', undefined, 'UNKNOWN_CONTEXT', 'contexts'],
    ]);
  });

  it('refuses duplicate entry names instead of picking one', () => {
    const doc = kubeconfig();
    (doc['clusters'] as Doc[]).push({ name: 'prod', cluster: { server: 'https://elsewhere.example.com' } });
    expect(refusalOf(doc)).toMatchObject({ code: 'INVALID_FIELD', field: 'clusters[1].name' });
  });

  it('refuses a requested context that does not exist', () => {
    expect(refusal(stringify(kubeconfig()), { contexts: ['staging'] })).toMatchObject({
      code: 'UNKNOWN_CONTEXT',
      field: 'contexts',
    });
  });

  it('never echoes credential values in its messages', () => {
    const error = refusalOf(kubeconfig({ user: { token: 'super-secret\nvalue' } }));
    expect(error.message).not.toContain('super-secret');
  });
});
