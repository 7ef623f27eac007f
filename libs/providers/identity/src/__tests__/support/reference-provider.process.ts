import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ReferenceProvider {
  url: string;
  stop(): Promise<void>;
}

/*
 * The reference provider lives in examples/ (type:example), which feature libraries may not import, so it runs as
 * the operator would run it: its built entry point in a child process (build it first:
 * `npx tsc -b examples/remote-provider/tsconfig.lib.json`).
 */
const MAIN = fileURLToPath(
  new URL('../../../../../../examples/remote-provider/dist/main.js', import.meta.url),
);
const LISTENING = /listening on (http:\/\/\S+)/;

export async function startReferenceProvider(redirectUri: string): Promise<ReferenceProvider> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: '',
      PORT: '0',
      REDIRECT_URIS: redirectUri,
      INTROSPECTION_CLIENT_SECRET: 'reference-introspection-secret-0123',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`reference provider exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`reference provider did not start: ${output}`)), 15_000).unref();
  });
  return { url, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
