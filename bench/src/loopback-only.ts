import { guardLoopbackOnly } from '@meshplane/testing';

/**
 * Benchmarks send traffic to this machine only. Imported first by every bench process and preloaded (`--import`)
 * into every process a bench starts (gateways, services, peers): a connection beyond loopback, whoever asks for it,
 * is refused before it is dialled and named on stderr.
 */
guardLoopbackOnly((host) => process.stderr.write(`bench: refused a connection to ${host} (loopback only)\n`));

/** Node flags that preload this guard into a child process. */
export const LOOPBACK_ONLY_NODE_ARGS: readonly string[] = ['--import', import.meta.url];
