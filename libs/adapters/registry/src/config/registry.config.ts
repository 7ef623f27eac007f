import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** A PEM file named by a variable, read at start: an unreadable or non-PEM file fails the start naming it. */
const pemFile = () =>
  z
    .string()
    .min(1)
    .optional()
    .transform((path, ctx): Buffer | undefined => {
      if (path === undefined) return undefined;
      let pem: Buffer;
      try {
        pem = readFileSync(path);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        });
        return z.NEVER;
      }
      if (!pem.toString('utf8').includes('-----BEGIN ')) {
        ctx.addIssue({ code: 'custom', message: `${path} is not a PEM file` });
        return z.NEVER;
      }
      return pem;
    });

/** The broker's client certificate for adapters that require one (mTLS): chain and key, in PEM. */
export interface ClientIdentity {
  readonly certChain: Buffer;
  readonly privateKey: Buffer;
}

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
  /**
   * The broker's client certificate (chain) and its private key, PEM files, presented to every adapter reached over
   * TLS (adapters that require client certificates, i.e. mTLS, admit only the broker). Both or neither.
   */
  ADAPTER_CLIENT_CERT_FILE: pemFile(),
  ADAPTER_CLIENT_KEY_FILE: pemFile(),
  /** Deadline of each call of a check (health, info, catalogue). */
  ADAPTER_CALL_TIMEOUT_MS: envInt(5_000, 50, 120_000),
};

export type RegistryValues = z.output<z.ZodObject<typeof REGISTRY_CONFIG_SHAPE>>;

export interface RegistryConfig {
  readonly configured: readonly ConfiguredAdapter[];
  readonly network: AdapterNetworkPolicy;
  readonly backoff: BackoffPolicy;
  readonly callTimeoutMs: number;
  /** Presented on TLS channels to adapters; absent: no client certificate. */
  readonly clientIdentity?: ClientIdentity;
}

export function registryConfigRefine(values: RegistryValues, ctx: z.RefinementCtx): void {
  const cert = values.ADAPTER_CLIENT_CERT_FILE;
  const key = values.ADAPTER_CLIENT_KEY_FILE;
  if ((cert === undefined) !== (key === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [cert === undefined ? 'ADAPTER_CLIENT_CERT_FILE' : 'ADAPTER_CLIENT_KEY_FILE'],
      message: 'the client certificate and its key are set together (both or neither)',
    });
  } else if (cert !== undefined && key !== undefined) {
    const problem = identityProblem(cert, key);
    if (problem) ctx.addIssue({ code: 'custom', path: ['ADAPTER_CLIENT_KEY_FILE'], message: problem });
  }
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
    ...(values.ADAPTER_CLIENT_CERT_FILE && values.ADAPTER_CLIENT_KEY_FILE
      ? {
          clientIdentity: {
            certChain: values.ADAPTER_CLIENT_CERT_FILE,
            privateKey: values.ADAPTER_CLIENT_KEY_FILE,
          },
        }
      : {}),
  };
}

/** Why the key cannot serve the certificate (not a certificate, not a private key, not its key), or undefined. */
function identityProblem(cert: Buffer, key: Buffer): string | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return 'ADAPTER_CLIENT_CERT_FILE does not hold an X.509 certificate';
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(key)))
      return "is not the private key of ADAPTER_CLIENT_CERT_FILE's certificate";
  } catch {
    return 'does not hold a private key (PEM, unencrypted)';
  }
  return undefined;
}

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
