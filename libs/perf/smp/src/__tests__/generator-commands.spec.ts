import { describe, expect, it, vi } from 'vitest';
import {
  assertLoopbackTarget,
  detectGenerators,
  EXTERNAL_GENERATORS,
  externalGenerator,
  GeneratorOptionsError,
  luaRequestScript,
  parseVersion,
  runExternalGenerator,
  SpawnProcessRunner,
  TargetNotAllowedError,
  type PerfRunOptions,
  type ProcessRunner,
} from '../index.js';

const context = { executable: '/usr/bin/tool', workDir: '/tmp/run-1' };

function options(overrides: Partial<PerfRunOptions> = {}): PerfRunOptions {
  return {
    endpoints: ['http://127.0.0.1:8080/echo'],
    durationMs: 5000,
    connections: 8,
    generator: 'wrk',
    protocol: 'http1',
    method: 'GET',
    headers: { 'x-run': 'a b' },
    workers: 1,
    labels: {},
    ...overrides,
  };
}

describe('loopback-only targets', () => {
  it.each([
    'http://127.0.0.1:8080/',
    'https://127.9.9.9/x',
    'http://[::1]:9/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
  ])('allows %s', (url) => {
    expect(assertLoopbackTarget(url).href).toBe(new URL(url).href);
  });

  it.each([
    ['http://localhost:8080/', /not the name "localhost"/],
    ['http://10.0.0.1/', /10\.0\.0\.1 is not/],
    ['http://[::ffff:a00:1]/', /is not/],
    ['http://example.com/', /not the name/],
    ['http://user:pw@127.0.0.1/', /credentials/],
    ['ftp://127.0.0.1/', /ftp: targets are not supported/],
    ['/relative', /not an absolute URL/],
  ])('refuses %s', (url, message) => {
    expect(() => assertLoopbackTarget(url)).toThrow(TargetNotAllowedError);
    expect(() => assertLoopbackTarget(url)).toThrow(message);
  });
});

describe('command lines', () => {
  it('wrk: threads, connections, whole seconds, --latency, one -H per header, the URL last', () => {
    const plan = externalGenerator('wrk').buildCommand(options({ durationMs: 4200 }), context);
    expect(plan).toEqual({
      command: '/usr/bin/tool',
      args: ['-t', '2', '-c', '8', '-d', '5s', '--latency', '-H', 'x-run: a b', 'http://127.0.0.1:8080/echo'],
      files: [],
    });
  });

  it('wrk2: the rate and the uncorrected distribution; method and body through a Lua script', () => {
    const plan = externalGenerator('wrk2').buildCommand(
      options({ rate: 2000, method: 'POST', body: 'a"b\\c\n€', headers: {} }),
      context,
    );
    expect(plan.args).toEqual([
      '-t',
      '2',
      '-c',
      '8',
      '-d',
      '5s',
      '--latency',
      '-U',
      '-R',
      '2000',
      '-s',
      '/tmp/run-1/request.lua',
      'http://127.0.0.1:8080/echo',
    ]);
    expect(plan.files).toEqual([
      { path: '/tmp/run-1/request.lua', content: luaRequestScript('POST', 'a"b\\c\n€') },
    ]);
    expect(luaRequestScript('POST', 'a"b\\c\n€')).toBe(
      'wrk.method = "POST"\nwrk.body = "a\\034b\\092c\\010\\226\\130\\172"\n',
    );
  });

  it('fortio: -json to stdout, qps 0 for the closed model, h2, method and payload', () => {
    expect(
      externalGenerator('fortio').buildCommand(
        options({ protocol: 'http2', method: 'PUT', body: 'x' }),
        context,
      ).args,
    ).toEqual([
      'load',
      '-json',
      '-',
      '-qps',
      '0',
      '-c',
      '8',
      '-t',
      '5s',
      '-p',
      '50,75,90,95,99,99.9,99.99',
      '-loglevel',
      'Warning',
      '-h2',
      '-X',
      'PUT',
      '-payload',
      'x',
      '-H',
      'x-run: a b',
      'http://127.0.0.1:8080/echo',
    ]);
  });

  it('fortio: a body too large for one argument goes through a file', () => {
    const body = 'x'.repeat(200 * 1024);
    const plan = externalGenerator('fortio').buildCommand(options({ body, method: 'POST' }), context);
    expect(plan.files).toEqual([{ path: '/tmp/run-1/payload', content: body }]);
    expect(plan.args.slice(-5)).toEqual([
      '-payload-file',
      '/tmp/run-1/payload',
      '-H',
      'x-run: a b',
      'http://127.0.0.1:8080/echo',
    ]);
  });

  it('nighthawk: rate, connections, seconds, JSON output', () => {
    expect(externalGenerator('nighthawk').buildCommand(options({ rate: 1000 }), context).args).toEqual([
      '--rps',
      '1000',
      '--connections',
      '8',
      '--duration',
      '5',
      '--output-format',
      'json',
      '--request-method',
      'GET',
      '--request-header',
      'x-run:a b',
      'http://127.0.0.1:8080/echo',
    ]);
  });

  it.each([
    ['wrk', options({ rate: 10 }), /wrk: cannot hold a rate/],
    ['wrk2', options(), /wrk2: needs a rate/],
    ['wrk', options({ protocol: 'http2' }), /HTTP\/1.1 only/],
    ['nighthawk', options({ rate: 5, body: 'x' }), /cannot send a given body/],
    ['fortio', options({ headers: { 'x-a': 'v\r\nHost: evil' } }), /control character/],
    ['fortio', options({ headers: { 'bad name': 'v' } }), /not a header name/],
    ['fortio', options({ method: 'GET /x' }), /not an HTTP method/],
    ['fortio', options({ endpoints: ['http://127.0.0.1/', 'http://127.0.0.1/b'] }), /exactly one endpoint/],
  ] as const)('%s refuses what it cannot honour (%#)', (name, given, message) => {
    expect(() => externalGenerator(name).buildCommand(given, context)).toThrow(GeneratorOptionsError);
    expect(() => externalGenerator(name).buildCommand(given, context)).toThrow(message);
  });

  it('every generator refuses a non-loopback target while building the command', () => {
    for (const generator of EXTERNAL_GENERATORS) {
      expect(() =>
        generator.buildCommand(options({ endpoints: ['http://192.168.1.10/'], rate: 10 }), context),
      ).toThrow(TargetNotAllowedError);
    }
  });
});

describe('detection', () => {
  it('finds executables on the given PATH (absolute entries only) and reads their versions', async () => {
    const present = new Set(['/opt/bin/wrk', '/usr/local/bin/fortio']);
    const runner: ProcessRunner = {
      run: vi.fn(async (plan) => ({
        exitCode: plan.command.endsWith('wrk') ? 1 : 0,
        signal: null,
        stdout: plan.command.endsWith('fortio') ? '1.63.0 2024-01-01 go1.22\n' : '',
        stderr: plan.command.endsWith('wrk') ? 'wrk 4.2.0 [epoll] Copyright (C) 2012 Will Glozer\n' : '',
        timedOut: false,
      })),
    };
    const found = await detectGenerators(EXTERNAL_GENERATORS, {
      searchPath: 'relative/bin:/opt/bin:/usr/local/bin',
      runner,
      isExecutable: async (file) => present.has(file),
    });
    expect(found).toEqual([
      { name: 'wrk', found: true, path: '/opt/bin/wrk', version: '4.2.0' },
      { name: 'wrk2', found: false },
      { name: 'fortio', found: true, path: '/usr/local/bin/fortio', version: '1.63.0' },
      { name: 'nighthawk', found: false },
    ]);
    expect(parseVersion('nighthawk_client version: 0.5.0-dev/abc/Clean/RELEASE')).toBe('0.5.0-dev');
  });
});

describe('running a detected generator', () => {
  it('never starts anything for a refused target', async () => {
    const runner: ProcessRunner = { run: vi.fn() };
    await expect(
      runExternalGenerator(
        { name: 'fortio', found: true, path: '/usr/bin/fortio' },
        options({ endpoints: ['http://169.254.169.254/latest'] }),
        { runner, workDir: '/tmp/x', now: () => new Date(0) },
      ),
    ).rejects.toThrow(TargetNotAllowedError);
    expect(runner.run).not.toHaveBeenCalled();
  });

  it('reports a tool that failed with its exit code and stderr', async () => {
    const runner: ProcessRunner = {
      run: vi.fn(async () => ({
        exitCode: 1,
        signal: null,
        stdout: '',
        stderr: 'connection refused',
        timedOut: false,
      })),
    };
    await expect(
      runExternalGenerator({ name: 'fortio', found: true, path: '/usr/bin/fortio' }, options(), {
        runner,
        workDir: '/tmp/x',
        now: () => new Date(0),
      }),
    ).rejects.toThrow('fortio output: exited with 1: connection refused');
  });

  it('spawns without a shell and with an empty environment', async () => {
    const output = await new SpawnProcessRunner().run(
      {
        command: process.execPath,
        args: [
          '-e',
          'console.log(JSON.stringify([process.argv[1], Object.keys(process.env).length]))',
          '$(echo hi); `id` > x',
        ],
        files: [],
      },
      { timeoutMs: 10_000, maxOutputBytes: 4096 },
    );
    expect(output.exitCode).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual(['$(echo hi); `id` > x', 0]);
  });
});
