import { z } from 'zod';
import { envBoolean, envCidrList, envInt } from '@meshplane/config';
import { parseAdapterAddress, type AdapterAddress } from '../address/adapter-address.js';
import { type AdapterNetworkPolicy } from '../address/adapter-address.policy.js';
import { type BackoffPolicy } from '../health/health-state.js';

/** An adapter the operator configured: visible to every organization. */
export interface ConfiguredAdapter {
  readonly name: string;
  readonly address: AdapterAddress;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `ADAPTERS=istio=127.0.0.1:50051,linkerd=10.0.0.7:50051`: comma-separated `name=host:port`, names unique. */
export function parseConfiguredAdapters(value: string): ConfiguredAdapter[] | { error: string } {
  const adapters: ConfiguredAdapter[] = [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const [index, entry] of entries.entries()) {
    const at = `entry ${index + 1}`;
    const eq = entry.indexOf('=');
    if (eq < 0) return { error: `${at} must be name=host:port` };
    const name = entry.slice(0, eq).trim();
    if (!NAME.test(name)) return { error: `${at}: name must be lowercase letters, digits and dashes (1-63)` };
    if (adapters.some((adapter) => adapter.name === name))
      return { error: `${at}: name "${name}" is repeated` };
    const address = parseAdapterAddress(entry.slice(eq + 1));
    if ('error' in address) return { error: `${at} (${name}): address ${address.error}` };
    adapters.push({ name, address });
  }
  return adapters;
}

const configuredAdapters = () =>
  z
    .string()
    .default('')
    .transform((value, ctx): ConfiguredAdapter[] => {
      const parsed = parseConfiguredAdapters(value);
      if (!('error' in parsed)) return parsed;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    });

/** The registry's variables, validated by the service at start (see registry.feature.ts). */
export const REGISTRY_CONFIG_SHAPE = {
  /** Operator-level adapters, `name=host:port` comma-separated; every organization sees them. */
  ADAPTERS: configuredAdapters(),
  /** Ranges besides loopback where adapters may be registered (none by default). */
  ADAPTER_ALLOW_CIDRS: envCidrList(),
  /** Plaintext gRPC to non-loopback adapters; off: the broker sends cluster credentials on that channel. */
  ADAPTER_ALLOW_PLAINTEXT: envBoolean(false),
  /** Between two checks of a healthy adapter. */
  ADAPTER_CHECK_INTERVAL_MS: envInt(30_000, 50, 86_400_000),
  /** First retry after a failed check; doubles per failure up to ADAPTER_BACKOFF_MAX_MS. */
  ADAPTER_BACKOFF_INITIAL_MS: envInt(1_000, 10, 3_600_000),
  ADAPTER_BACKOFF_MAX_MS: envInt(300_000, 10, 86_400_000),
  /** Deadline of each call of a check (health, info, catalogue). */
  ADAPTER_CALL_TIMEOUT_MS: envInt(5_000, 50, 120_000),
};

export type RegistryValues = z.output<z.ZodObject<typeof REGISTRY_CONFIG_SHAPE>>;

export interface RegistryConfig {
  readonly configured: readonly ConfiguredAdapter[];
  readonly network: AdapterNetworkPolicy;
  readonly backoff: BackoffPolicy;
  readonly callTimeoutMs: number;
}

export function registryConfigRefine(values: RegistryValues, ctx: z.RefinementCtx): void {
  if (values.ADAPTER_BACKOFF_MAX_MS < values.ADAPTER_BACKOFF_INITIAL_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['ADAPTER_BACKOFF_MAX_MS'],
      message: 'must be at least ADAPTER_BACKOFF_INITIAL_MS',
    });
  }
}

export function registryConfigOf(values: RegistryValues): RegistryConfig {
  return {
    configured: values.ADAPTERS,
    network: { allowCidrs: values.ADAPTER_ALLOW_CIDRS, allowPlaintext: values.ADAPTER_ALLOW_PLAINTEXT },
    backoff: {
      intervalMs: values.ADAPTER_CHECK_INTERVAL_MS,
      initialMs: values.ADAPTER_BACKOFF_INITIAL_MS,
      maxMs: values.ADAPTER_BACKOFF_MAX_MS,
    },
    callTimeoutMs: values.ADAPTER_CALL_TIMEOUT_MS,
  };
}

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
