import dns from 'node:dns';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  allowTargets,
  LoadOptionsError,
  runLoad,
  TargetRefusedError,
  validateOptions,
  type LoadOptions,
} from '../index.js';
import { planFor } from '../run-load.js';

const base: LoadOptions = { url: 'http://127.0.0.1:9/', model: 'closed', durationMs: 100, threads: 1 };

function fieldOf(options: LoadOptions): string {
  try {
    validateOptions(options);
  } catch (error) {
    if (error instanceof LoadOptionsError) return error.field;
    throw error;
  }
  throw new Error('accepted');
}

describe('validateOptions', () => {
  it.each<[string, Partial<LoadOptions>]>([
    ['url', { url: 'not a url' }],
    ['url', { url: 'ftp://127.0.0.1/' }],
    ['url', { url: 'file:///etc/passwd' }],
    ['url', { url: 'http://user:secret@127.0.0.1/' }],
    ['method', { method: 'GE T' }],
    ['headers["x y"]', { headers: { 'x y': '1' } }],
    ['headers["x-a"]', { headers: { 'x-a': 'one\r\ninjected: yes' } }],
    ['headers["Connection"]', { headers: { Connection: 'close' } }],
    ['headers["content-length"]', { method: 'POST', headers: { 'Content-Length': '9' }, body: 'abc' }],
    ['headers["content-length"]', { headers: { 'content-length': '1' } }],
    ['rate', { model: 'open' }],
    ['rate', { model: 'open', rate: -5 }],
    ['rate', { rate: 10 }],
    ['durationMs', { durationMs: 0 }],
    ['connections', { connections: 1.5 }],
    ['threads', { threads: 0 }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['protocol', { protocol: 'quic' as 'http1' }],
  ])('names the field %s', (field, change) => {
    expect(fieldOf({ ...base, ...change })).toBe(field);
  });

  it('fills in defaults and keeps at most one thread per connection', () => {
    const options = validateOptions({ ...base, connections: 2, threads: 8, headers: { 'X-Trace': 'a' } });
    expect(options).toMatchObject({
      method: 'GET',
      protocol: 'http1',
      concurrency: 2,
      threads: 2,
      warmupMs: 0,
    });
    expect(options.headers).toEqual({ 'x-trace': 'a' });
    // A Content-Length that is the body's (in bytes, UTF-8) is accepted.
    expect(
      validateOptions({ ...base, method: 'POST', body: 'é', headers: { 'Content-Length': '2' } }).headers,
    ).toEqual({ 'content-length': '2' });
  });
});

describe('target policy', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses a non-loopback target before any socket opens', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const createConnection = vi.spyOn(net, 'createConnection');
    const lookup = vi.spyOn(dns, 'lookup');
    for (const url of [
      'http://10.1.2.3/',
      'http://[2001:db8::1]/',
      'https://example.com/',
      'http://127.0.0.1.nip.io/',
    ])
      await expect(runLoad({ ...base, url })).rejects.toBeInstanceOf(TargetRefusedError);
    expect(connect).not.toHaveBeenCalled();
    expect(createConnection).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
  });

  it('accepts loopback, and beyond it only what an explicit policy allows', () => {
    for (const url of ['http://127.0.0.1/', 'http://127.8.9.10:81/', 'http://[::1]/', 'http://localhost/'])
      expect(() => validateOptions({ ...base, url })).not.toThrow();
    const policy = allowTargets({ cidrs: ['10.0.0.0/8'], hosts: ['target.internal'] });
    expect(() => validateOptions({ ...base, url: 'http://10.1.2.3/', targetPolicy: policy })).not.toThrow();
    expect(() =>
      validateOptions({ ...base, url: 'http://target.internal/', targetPolicy: policy }),
    ).not.toThrow();
    expect(() => validateOptions({ ...base, url: 'http://11.1.2.3/', targetPolicy: policy })).toThrow(
      /11\.1\.2\.3 refused.*10\.0\.0\.0\/8/,
    );
  });
});

describe('planFor', () => {
  it('splits connections, in-flight requests and rate so that the shares add up to the whole', () => {
    const options = validateOptions({ ...base, model: 'open', rate: 1000, connections: 7, threads: 3 });
    const plans = [0, 1, 2].map((index) => planFor(options, index, 3, 0));
    expect(plans.map((plan) => plan.connections)).toEqual([3, 2, 2]);
    expect(plans.reduce((total, plan) => total + (plan.rate ?? 0), 0)).toBeCloseTo(1000);
    // Interleaved: partition i starts i intervals of the total rate after partition 0.
    expect(plans.map((plan) => plan.phaseMs)).toEqual([0, 1, 2]);
  });
});
