import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashCompletion, zshCompletion } from '../commands/completion.command.js';
import { normaliseServer } from '../commands/auth.commands.js';
import { ExitCode } from '../exit-codes.js';
import { buildProgram } from '../program.js';
import { run } from '../run.js';
import { fakeTerminal } from './fake-terminal.js';

let dir: string | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshplane-cli-run-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runtime(stdin?: string) {
  const { terminal, written } = fakeTerminal(stdin === undefined ? {} : { stdin });
  return {
    runtime: {
      terminal,
      env: { configPath: join(dir ?? tmpdir(), 'config.yaml'), noColor: true, display: false },
    },
    written,
  };
}

describe('meshplane', () => {
  it('prints help with the exit codes and exits 0', async () => {
    const { runtime: rt, written } = runtime();

    expect(await run(['--help'], rt)).toBe(ExitCode.OK);
    expect(written.out).toContain('Usage: meshplane');
    expect(written.out).toContain('Exit codes: 0 ok, 1 usage');
  });

  it('exits 1 on an unknown command or a bad option value, saying what is wrong', async () => {
    const unknown = runtime();
    const badOutput = runtime();

    expect(await run(['clusterz'], unknown.runtime)).toBe(ExitCode.USAGE);
    expect(await run(['-o', 'xml', 'cluster', 'list'], badOutput.runtime)).toBe(ExitCode.USAGE);
    expect(unknown.written.err).toContain("unknown command 'clusterz'");
    expect(badOutput.written.err).toContain("argument 'xml' is invalid");
  });

  it('exits 2 and says how to sign in when no context exists', async () => {
    const { runtime: rt, written } = runtime();

    expect(await run(['cluster', 'list'], rt)).toBe(ExitCode.AUTH);
    expect(written.err).toBe('error: not signed in\n  run `meshplane login --server <url>` first\n');
  });

  it('exits 3 for a context that does not exist', async () => {
    const { runtime: rt, written } = runtime();

    expect(await run(['context', 'use', 'nowhere'], rt)).toBe(ExitCode.NOT_FOUND);
    expect(written.err).toContain('no context named nowhere');
  });

  it('refuses a non-numeric --limit naming the option', async () => {
    const { runtime: rt, written } = runtime();

    expect(await run(['cluster', 'list', '--limit', 'lots'], rt)).toBe(ExitCode.USAGE);
    expect(written.err).toContain('--limit must be a whole number of at least 1, not "lots"');
  });
});

describe('login helpers', () => {
  it('accepts a host, a base URL or the endpoint itself as --server', () => {
    expect(normaliseServer('127.0.0.1:4000')).toBe('http://127.0.0.1:4000/graphql');
    expect(normaliseServer('https://mesh.example.test/')).toBe('https://mesh.example.test/graphql');
    expect(normaliseServer('http://127.0.0.1:4000/graphql')).toBe('http://127.0.0.1:4000/graphql');
    expect(() => normaliseServer('ftp://x')).toThrow('not an http(s) URL');
  });
});

describe('shell completion', () => {
  const program = buildProgram(runtime().runtime);

  const complete = (...words: string[]) =>
    execFileSync(
      'bash',
      [
        '-c',
        `${bashCompletion(program)}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _meshplane; echo "\${COMPREPLY[*]}"`,
      ],
      { encoding: 'utf8' },
    ).trim();

  it('completes subcommands and options in bash', () => {
    expect(complete('meshplane', 'clu')).toBe('cluster');
    expect(complete('meshplane', 'cluster', 'im')).toBe('import');
    expect(complete('meshplane', '-o', 'json', 'resources', 'get', '--sel')).toBe('--selector');
    expect(complete('meshplane', 'cluster', 'list', '--st')).toBe('--status');
    expect(complete('meshplane', 'user', 'dis')).toBe('disable');
    expect(complete('meshplane', 'member', 'en')).toBe('enable');
    expect(complete('meshplane', 'password', 'ch')).toBe('change');
    expect(complete('meshplane', 'sessions', 're')).toBe('revoke');
    expect(complete('meshplane', 'login', '--no-b')).toBe('--no-browser');
    expect(complete('meshplane', 'perf', 'profile', 'ex')).toBe('export');
    expect(complete('meshplane', 'perf', 'profile', 'list', '--gen')).toBe('--generator');
    expect(complete('meshplane', 'adapter', 'unr')).toBe('unregister');
    expect(complete('meshplane', 'adapter', 'register', '--ca')).toBe('--ca-file');
  });

  it('completes file names for the files perf apply and adapter register read', async () => {
    const file = join(dir ?? tmpdir(), 'smp-profile.yaml');
    await writeFile(file, 'name: x\n');

    expect(complete('meshplane', 'perf', 'apply', '-f', file.slice(0, -6))).toBe(file);
    expect(complete('meshplane', 'adapter', 'register', '--ca-file', file.slice(0, -6))).toBe(file);
  });

  it('writes a zsh script that registers the same commands', () => {
    const script = zshCompletion(program);

    expect(script.startsWith('#compdef meshplane')).toBe(true);
    expect(script).toContain('("cluster import") candidates=(');
    expect(script).toContain('compdef _meshplane meshplane');
  });
});
