import { spawn } from 'node:child_process';
import { Pool } from 'undici';

/**
 * Peers measured on the same target in the same run: wrk (closed model) and wrk2 (open model) when on PATH,
 * else a plain undici Pool in one thread (what a Node client gets without the engine).
 */

/** wrk's requests per second: `wrk -t<threads> -c<connections> -d<seconds>s`. */
export async function wrkRequestsPerSecond(
  url: string,
  threads: number,
  connections: number,
  seconds: number,
): Promise<number> {
  const output = await run('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, url]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)?.[1];
  if (rps === undefined) throw new Error(`wrk printed no Requests/sec:\n${output}`);
  return Number(rps);
}

/** wrk2's corrected p99 in ms at a constant rate: `wrk2 -R<rate> --latency`. */
export async function wrk2P99Ms(
  url: string,
  rate: number,
  connections: number,
  seconds: number,
): Promise<number> {
  const output = await run('wrk2', [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    `-R${rate}`,
    '--latency',
    url,
  ]);
  const match = /99\.000%\s+([\d.]+)(us|ms|s)\b/.exec(output);
  if (!match) throw new Error(`wrk2 printed no 99.000% line:\n${output}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
  return Number(match[1]) * scale;
}

/** A closed loop on a plain undici Pool in the calling thread: requests per second. */
export async function undiciPoolRequestsPerSecond(
  url: string,
  connections: number,
  seconds: number,
): Promise<number> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  const end = performance.now() + seconds * 1000;
  let requests = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const response = await pool.request({ path: target.pathname, method: 'GET' });
      await response.body.dump();
      requests++;
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: connections }, loop));
    return requests / ((performance.now() - started) / 1000);
  } finally {
    await pool.close();
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}
