import { describe, expect, it } from 'vitest';
import {
  formatGoDuration,
  parseGoDuration,
  parsePerformanceTestConfig,
  runOptionsToSmpConfig,
  serializePerformanceTestConfig,
  smpConfigToRunOptions,
  SmpValidationError,
  type PerfRunOptions,
} from '../index.js';

/** The shape Meshery's docs show for `mesheryctl perf apply -f` (wrapped in `test:`, protocol as the enum number). */
const MESHERY_YAML = `
test:
  smp_version: v0.0.1
  id: ""
  name: Productpage load
  labels: { team: mesh }
  clients:
    - internal: false
      load_generator: fortio
      protocol: 0
      connections: 4
      rps: 250
      headers: { x-test: "1" }
      cookies: { session: abc }
      body: ""
      content_type: ""
      endpoint_urls:
        - http://127.0.0.1:9080/productpage
    - internal: false
      load_generator: fortio
      protocol: 0
      connections: 4
      rps: 250
      endpoint_urls:
        - http://127.0.0.1:9080/productpage
  duration: 1m30s
`;

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parsePerformanceTestConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SmpValidationError);
    return (error as SmpValidationError).issues;
  }
  throw new Error('expected the document to be refused');
}

describe('SMP PerformanceTestConfig', () => {
  it('reads a Meshery test file and maps it to run options (two clients = two workers, rps summed)', () => {
    const config = parsePerformanceTestConfig(MESHERY_YAML);
    expect(config.clients).toHaveLength(2);
    expect(config.clients[0]?.protocol).toBe('http');
    expect(smpConfigToRunOptions(config)).toEqual({
      name: 'Productpage load',
      endpoints: ['http://127.0.0.1:9080/productpage'],
      durationMs: 90_000,
      rate: 500,
      connections: 4,
      generator: 'fortio',
      protocol: 'http1',
      method: 'GET',
      headers: { 'x-test': '1', cookie: 'session=abc' },
      workers: 2,
      labels: { team: 'mesh' },
    });
  });

  it('reads JSON, the proto field name endpoint_url and protocol names', () => {
    const config = parsePerformanceTestConfig(
      JSON.stringify({
        name: 'grpc',
        duration: '10s',
        clients: [{ protocol: 'grpc', rps: '100', endpoint_url: ['http://[::1]:50051/'] }],
      }),
    );
    const options = smpConfigToRunOptions(config);
    expect(options).toMatchObject({ protocol: 'grpc', rate: 100, generator: 'meshplane', workers: 1 });
  });

  it('names the path of every bad field', () => {
    const issues = issuesOf(`
duration: soon
clients:
  - rps: -5
    protocol: quic
    connections: 1.5
    headers: { a: [1] }
    endpoint_urls: ["ftp://127.0.0.1/"]
    colour: blue
`);
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'clients[0].colour',
      'clients[0].connections',
      'clients[0].endpoint_urls[0]',
      'clients[0].headers.a',
      'clients[0].protocol',
      'clients[0].rps',
      'duration',
    ]);
    expect(issues.find((issue) => issue.path === 'clients[0].colour')?.message).toBe('unknown field');
  });

  it('refuses missing clients and duration, non-objects, bad YAML and oversized documents', () => {
    expect(issuesOf('name: x').map((issue) => issue.path)).toEqual(['duration', 'clients']);
    expect(issuesOf('duration: 25h\nclients: [{ endpoint_urls: ["http://127.0.0.1/"] }]')).toEqual([
      { path: 'duration', message: 'at most 24h' },
    ]);
    expect(issuesOf('- a\n- b')[0]?.message).toBe('must be an object');
    expect(issuesOf('a: [1, 2')[0]?.message).toMatch(/^not YAML or JSON/);
    expect(issuesOf(`name: "${'x'.repeat(300 * 1024)}"`)[0]?.message).toMatch(/larger than/);
  });

  it('refuses clients that disagree and protocols we cannot load', () => {
    const config = parsePerformanceTestConfig(`
duration: 10s
clients:
  - { protocol: tcp, endpoint_urls: ["http://127.0.0.1/"] }
  - { protocol: tcp, rps: 5, endpoint_urls: ["http://127.0.0.1/"] }
`);
    expect(() => smpConfigToRunOptions(config)).toThrow(
      /clients\[1\]\.rps.*clients\[0\]\.protocol: tcp load is not supported/,
    );
  });

  it('exports run options and reads them back unchanged, in YAML and in JSON', () => {
    const options: PerfRunOptions = {
      name: 'meshed',
      endpoints: ['http://127.0.0.1:8080/api'],
      durationMs: 45_500,
      rate: 3000,
      connections: 32,
      generator: 'meshplane',
      protocol: 'http2',
      method: 'PUT',
      headers: { authorization: 'Bearer x', 'Content-Type': 'application/json' },
      body: '{"a":1}',
      workers: 3,
      labels: { env: 'ci' },
    };
    const config = runOptionsToSmpConfig(options, 'p-1');
    expect(config.clients).toHaveLength(3);
    expect(config.clients[0]).toMatchObject({
      rps: 1000,
      content_type: 'application/json',
      protocol: 'http',
    });
    expect(config.duration).toBe('45s500ms');
    for (const format of ['yaml', 'json'] as const) {
      const back = smpConfigToRunOptions(
        parsePerformanceTestConfig(serializePerformanceTestConfig(config, format)),
      );
      expect(back).toEqual({
        ...options,
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      });
    }
  });

  it('reads and writes Go durations', () => {
    expect(parseGoDuration('1h2m3s')).toBe(3_723_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('5x')).toBeUndefined();
    expect(formatGoDuration(3_723_000)).toBe('1h2m3s');
    expect(formatGoDuration(800)).toBe('800ms');
  });
});
