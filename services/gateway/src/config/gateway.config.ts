import { envInt, envLogLevel, envPort, envUrl, loadConfig, type Env } from '@meshplane/config';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { subgraphUrlVariable } from '@meshplane/graphql';

const MiB = 1024 * 1024;

/** The committed supergraph, next to the package (`services/gateway/supergraph.graphql`). */
const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

export const gatewayEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(4000),
  LOG_LEVEL: envLogLevel(),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  BODY_LIMIT_BYTES: envInt(MiB, 1024, 64 * MiB),
  MAX_DEPTH: envInt(15, 1, 1000),
  MAX_ALIASES: envInt(30, 0, 100_000),
  MAX_COST: envInt(10_000, 1, 100_000_000),
  FORWARD_HEADERS: z
    .string()
    .default('authorization,x-meshplane-context')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  SUBGRAPH_TIMEOUT_MS: envInt(30_000, 100, 600_000),
  SUBGRAPH_CONNECTIONS: envInt(128, 1, 4096),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 0, 600_000),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export function loadGatewayConfig(env?: Env): GatewayConfig {
  return loadConfig(gatewayEnvSchema, env);
}

export { subgraphUrlVariable };

/**
 * Subgraph URLs recorded in the supergraph, each overridable by its SUBGRAPH_URL_<NAME> variable.
 * Validated like the rest of the config, so a bad override names its variable.
 */
export function loadSubgraphUrls(subgraphs: { name: string; url: string }[], env?: Env): Map<string, string> {
  const shape = Object.fromEntries(
    subgraphs.map((s) => [subgraphUrlVariable(s.name), envUrl(['http', 'https']).optional()]),
  );
  const overrides = loadConfig(z.object(shape), env) as Record<string, string | undefined>;
  return new Map(subgraphs.map((s) => [s.name, overrides[subgraphUrlVariable(s.name)] ?? s.url]));
}
