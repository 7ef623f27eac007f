import { type LookupAddress } from 'node:dns';
import { createServer, request, type Agent, type RequestOptions, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildKubeConfig,
  isPolicyAgent,
  parseUntrustedKubeconfig,
  PolicyHttpAgent,
  type HostLookup,
  type ServerUrlPolicy,
} from '../index.js';

// Every socket here goes to loopback. The refused answers are loopback addresses outside the allow list
// (127.0.0.2), so even a broken guard could only ever dial loopback; the server listens on 127.0.0.1 alone, so
// a dial that got through would fail with ECONNREFUSED, not with the policy's EADDRNOTALLOWED.
let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => res.end(JSON.stringify({ from: req.socket.remoteAddress })));
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function answers(...sequence: string[][]): HostLookup & { calls: number } {
  const stub = Object.assign(
    () => {
      const answer = sequence[Math.min(stub.calls, sequence.length - 1)] ?? [];
      stub.calls += 1;
      return Promise.resolve(answer.map((address): LookupAddress => ({ address, family: 4 })));
    },
    { calls: 0 },
  );
  return stub;
}

function get(url: string, agent: Agent): Promise<{ remoteAddress: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ remoteAddress: req.socket?.remoteAddress, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const OPEN_ONE: ServerUrlPolicy = { allowCidrs: ['127.0.0.1/32'], allowInsecureHttp: true };

describe('policy agents (the check at every connection, on the connected address)', () => {
  it('connects to the address its lookup checked, and looks the name up once per connection', async () => {
    const resolve = answers(['127.0.0.1']);
    const agent = new PolicyHttpAgent({}, { ...OPEN_ONE, resolve });
    const { remoteAddress, body } = await get(`http://cluster.test:${port}/`, agent);
    expect(remoteAddress).toBe('127.0.0.1');
    expect(JSON.parse(body)).toEqual({ from: '127.0.0.1' });
    expect(resolve.calls).toBe(1);
  });

  it('refuses the next connection when the name is rebound to a refused address, before dialling', async () => {
    const resolve = answers(['127.0.0.1'], ['127.0.0.2']);
    const agent = new PolicyHttpAgent({}, { ...OPEN_ONE, resolve });
    await get(`http://rebind.test:${port}/`, agent);
    const before = connections;
    await expect(get(`http://rebind.test:${port}/`, agent)).rejects.toMatchObject({
      code: 'EADDRNOTALLOWED',
      message: expect.stringMatching(/loopback/),
    });
    expect(resolve.calls).toBe(2);
    expect(connections).toBe(before);
  });

  it('checks IP-literal hosts, which Node connects to without any lookup', async () => {
    const resolve = answers(['127.0.0.1']);
    const agent = new PolicyHttpAgent({}, { ...OPEN_ONE, resolve });
    const before = connections;
    await expect(get(`http://127.0.0.2:${port}/`, agent)).rejects.toMatchObject({ code: 'EADDRNOTALLOWED' });
    await expect(get(`http://[::ffff:127.0.0.2]:${port}/`, agent)).rejects.toMatchObject({
      code: 'EADDRNOTALLOWED',
    });
    // WHATWG URL reads 2130706434 as 127.0.0.2.
    await expect(get(`http://2130706434:${port}/`, agent)).rejects.toMatchObject({ code: 'EADDRNOTALLOWED' });
    expect(connections).toBe(before);
    expect(resolve.calls).toBe(0);
    await expect(get(`http://127.0.0.1:${port}/`, agent)).resolves.toMatchObject({
      remoteAddress: '127.0.0.1',
    });
  });

  it('is what every agent of a built KubeConfig is, for client-node calls and for node:http options', async () => {
    const [context] = parseUntrustedKubeconfig(
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: c, cluster: {server: "http://cluster.test:${port}", insecure-skip-tls-verify: true}}]`,
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: ctx, context: {cluster: c, user: u}}]',
      ].join('\n'),
    ).contexts;
    if (!context) throw new Error('no context');
    const resolve = answers(['127.0.0.2']);
    const kc = buildKubeConfig(context, { ...OPEN_ONE, resolve });
    const options: RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    expect(isPolicyAgent(options.agent)).toBe(true);
    const before = connections;
    await expect(get(`http://cluster.test:${port}/`, options.agent as Agent)).rejects.toMatchObject({
      code: 'EADDRNOTALLOWED',
    });
    expect(connections).toBe(before);
  });
});
