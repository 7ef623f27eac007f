import {
  envBoolean,
  envCidrList,
  envInt,
  envLogLevel,
  envPort,
  envSecretList,
  envUrl,
  loadConfig,
  telemetryEnvShape,
  type Env,
} from '@meshplane/config';
import { INTERNAL_CONTEXT_HEADER, parseRemoteProviders } from '@meshplane/auth';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { subgraphUrlVariable } from '@meshplane/graphql/composition';

const MiB = 1024 * 1024;

/** The committed supergraph, next to the package (`services/gateway/supergraph.graphql`). */
const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

export const gatewayEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(4000),
  LOG_LEVEL: envLogLevel(),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  /** HTTP bodies and WebSocket messages alike; room for a 1 MiB kubeconfig in a variable, JSON-escaped. */
  BODY_LIMIT_BYTES: envInt(2 * MiB, 1024, 64 * MiB),
  MAX_DEPTH: envInt(15, 1, 1000),
  MAX_ALIASES: envInt(30, 0, 100_000),
  MAX_COST: envInt(10_000, 1, 100_000_000),
  /** Budget of the `__schema`/`__type` part of an operation; GraphiQL's full introspection costs ≈ 52 000. */
  MAX_INTROSPECTION_COST: envInt(100_000, 1, 100_000_000),
  /** Schema introspection (and so GraphiQL's docs and completion); the schema is public, so on by default. */
  INTROSPECTION: envBoolean(true),
  /**
   * How often each open subscription's credential is checked again with providers (bypassing the principal
   * cache): a logout, a revoked token, an expired one or an ended membership ends the stream within this.
   */
  SUBSCRIPTION_RECHECK_MS: envInt(30_000, 50, 30_000),
  /** Open subscriptions on one WebSocket, and of one caller (user, else client address) over WS and SSE. */
  MAX_SUBSCRIPTIONS_PER_SOCKET: envInt(50, 1, 10_000),
  MAX_SUBSCRIPTIONS_PER_CALLER: envInt(200, 1, 1_000_000),
  /** Open upstream subscription connections per subgraph (one per relayed subscription). */
  SUBGRAPH_SUBSCRIPTION_CONNECTIONS: envInt(2_000, 1, 1_000_000),
  /** A WebSocket that has not sent `connection_init` within this is closed (4408). */
  WS_CONNECTION_INIT_TIMEOUT_MS: envInt(3_000, 50, 120_000),
  /**
   * Proxies (load balancer, ingress) whose X-Forwarded-For is believed: behind them the client's address is the
   * right-most entry that is not one of them (http/client-address.ts). Blank: none, the peer is the client.
   */
  TRUSTED_PROXY_CIDRS: envCidrList(),
  /** Client headers passed on to subgraphs as they are (the caller itself travels in the signed context). */
  FORWARD_HEADERS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((names) => !names.includes(INTERNAL_CONTEXT_HEADER), {
      message: `must not include ${INTERNAL_CONTEXT_HEADER}: only the gateway sets it`,
    }),
  /** Signs the caller context for subgraphs; newest first, comma-separated (rotation). */
  INTERNAL_CONTEXT_SECRET: envSecretList(32),
  CONTEXT_TTL_MS: envInt(60_000, 1_000, 300_000),
  /** The providers service (local provider JWKS, principal resolution); default: its subgraph URL's origin. */
  PROVIDERS_URL: envUrl(['http', 'https']).optional(),
  LOCAL_PROVIDER_ISSUER: z.string().min(1).default('meshplane-local'),
  TOKEN_AUDIENCE: z.string().min(1).default('meshplane'),
  /** `name=https://base,...`: every remote provider whose tokens the gateway accepts. */
  REMOTE_PROVIDERS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseRemoteProviders(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Cached provider keys keep working this long after their provider stops answering, then fail closed. */
  JWKS_MAX_AGE_MS: envInt(60 * 60_000, 1_000, 24 * 60 * 60_000),
  /** Least time between two key fetches of one provider for unknown key ids (a flood of made-up kids costs one). */
  JWKS_REFETCH_COOLDOWN_MS: envInt(10_000, 0, 600_000),
  AUTH_CACHE_MAX_AGE_MS: envInt(30_000, 0, 300_000),
  AUTH_CACHE_MAX_ENTRIES: envInt(10_000, 0, 1_000_000),
  AUTH_TIMEOUT_MS: envInt(5_000, 100, 60_000),
  SUBGRAPH_TIMEOUT_MS: envInt(30_000, 100, 600_000),
  SUBGRAPH_CONNECTIONS: envInt(128, 1, 4096),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 0, 600_000),
  /** OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT switches it on), as for every service. */
  ...telemetryEnvShape,
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
