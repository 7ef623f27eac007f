import { processEnv } from '@meshplane/config';
import { composeSupergraph } from '@meshplane/graphql/composition';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_SUBGRAPH_SDL } from './bench-subgraph.schema.js';
import { startChild, type StartedChild } from './child-process.js';

/** `direct` is the reference: the subgraph itself. The others are gateways in front of it. */
export const GATEWAY_NAMES = ['meshplane', 'apollo', 'hive'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];
export type TargetName = 'direct' | GatewayName;

export interface RunningTarget {
  name: TargetName;
  url: string;
  /** The process whose CPU this target's requests cost (the subgraph for `direct`, else the gateway). */
  child: StartedChild;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const MESHPLANE_MAIN = here('../../../services/gateway/dist/main.js');
const SUBGRAPH_MAIN = here('./bench-subgraph.main.js');
const PEER_MAINS: Record<Exclude<GatewayName, 'meshplane'>, string> = {
  apollo: here('./peers/apollo-gateway.main.js'),
  hive: here('./peers/hive-gateway.main.js'),
};
const LISTENING = /^LISTENING /;

/**
 * Starts the bench subgraph and the chosen gateways in front of it (each its own process, all on
 * 127.0.0.1). Every started child is pushed to `children` at once, so the caller can stop them even
 * when a later one fails to start.
 */
export async function startTargets(options: {
  workDir: string;
  gateways: readonly GatewayName[];
  children: StartedChild[];
  /** Node flags for the Meshplane gateway (profiling, GC tracing). */
  meshplaneExecArgv?: readonly string[];
}): Promise<RunningTarget[]> {
  const { children } = options;
  const subgraph = await startChild(SUBGRAPH_MAIN, processEnv(), LISTENING);
  children.push(subgraph);
  const subgraphUrl = subgraph.readyLine.slice('LISTENING '.length);
  const supergraphPath = join(options.workDir, 'supergraph.graphql');
  writeFileSync(
    supergraphPath,
    composeSupergraph([{ name: 'bench', url: subgraphUrl, sdl: BENCH_SUBGRAPH_SDL }]),
  );
  const start = async (name: GatewayName): Promise<RunningTarget> => {
    if (name === 'meshplane') {
      const child = await startChild(
        MESHPLANE_MAIN,
        {
          ...processEnv(),
          HOST: '127.0.0.1',
          PORT: '0',
          SUPERGRAPH_PATH: supergraphPath,
          LOG_LEVEL: 'info',
          INTERNAL_CONTEXT_SECRET: randomBytes(32).toString('hex'),
          // Anonymous bench requests never reach providers; the gateway only needs to know where it is.
          PROVIDERS_URL: new URL('/', subgraphUrl).toString(),
        },
        /gateway listening/,
        { execArgv: options.meshplaneExecArgv ?? [] },
      );
      children.push(child);
      return { name, child, url: (JSON.parse(child.readyLine) as { url: string }).url };
    }
    const child = await startChild(
      PEER_MAINS[name],
      { ...processEnv(), SUPERGRAPH_PATH: supergraphPath },
      LISTENING,
    );
    children.push(child);
    return { name, child, url: child.readyLine.slice('LISTENING '.length) };
  };
  // Settled, not Promise.all: a failure must not leave a sibling still starting and never stopped.
  const settled = await Promise.allSettled(options.gateways.map(start));
  const gateways: RunningTarget[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason as Error;
    gateways.push(result.value);
  }
  return [{ name: 'direct', url: subgraphUrl, child: subgraph }, ...gateways];
}
