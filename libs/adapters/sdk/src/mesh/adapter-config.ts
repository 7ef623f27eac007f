import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConfigError,
  envBoolean,
  envCidrList,
  envPort,
  loadConfig,
  processEnv,
  type Env,
} from '@meshplane/config';
import { z } from 'zod';
import type { AdapterServerOptions } from '../adapter-server.js';
import { FileInventoryStore } from '../manifests/file-inventory.js';
import { parseUrlWithChecksum, type BundleUrl, type SampleSource } from '../sources/manifest-sources.js';

/** The configuration every adapter process shares, read from `<PREFIX>_…` variables (see adapters/README.md). */
export interface AdapterProcessConfig {
  address: string;
  server: AdapterServerOptions;
  inventory: FileInventoryStore;
  stateDir: string;
  clusterPolicy: { allowCidrs: string[]; allowInsecureHttp: boolean };
  /** The PATH the mesh CLI is looked up on (`<PREFIX>_CLI_PATH`, default: the process PATH; `none`: never). */
  cliPath: string | undefined;
  bundleDir: string | undefined;
  bundleUrls: Record<string, BundleUrl>;
  samples: Record<string, SampleSource | undefined>;
}

const urlMap = z
  .string()
  .default('{}')
  .transform((value, ctx) => {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new TypeError('not an object');
      return Object.fromEntries(
        Object.entries(parsed).map(([version, url]) => [version, parseUrlWithChecksum(String(url))]),
      );
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a JSON object {"<version>": "https://…/bundle.yaml#sha256=<64 hex>"}: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  });

const sampleUrl = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    try {
      return parseUrlWithChecksum(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Reads `<prefix>_ADAPTER_*`, `<prefix>_CLI_PATH`, `<prefix>_BUNDLE_*` and `<prefix>_SAMPLE_<APP>_*`. */
export function loadAdapterConfig(
  prefix: string,
  defaults: { port: number; name: string; samples?: string[] },
  env: Env = processEnv(),
): AdapterProcessConfig {
  const samples = defaults.samples ?? [];
  const sampleVar = (app: string, what: 'FILE' | 'URL') => `${prefix}_SAMPLE_${app.toUpperCase()}_${what}`;
  const shape = {
    [`${prefix}_ADAPTER_HOST`]: z.string().default('127.0.0.1'),
    [`${prefix}_ADAPTER_PORT`]: envPort(defaults.port),
    [`${prefix}_ADAPTER_TLS_CERT_FILE`]: z.string().optional(),
    [`${prefix}_ADAPTER_TLS_KEY_FILE`]: z.string().optional(),
    [`${prefix}_ADAPTER_TLS_CLIENT_CA_FILE`]: z.string().optional(),
    [`${prefix}_ADAPTER_STATE_DIR`]: z.string().default(`.data/${defaults.name}`),
    [`${prefix}_ADAPTER_CLUSTER_ALLOW_CIDRS`]: envCidrList(),
    [`${prefix}_ADAPTER_CLUSTER_ALLOW_HTTP`]: envBoolean(false),
    [`${prefix}_CLI_PATH`]: z.string().optional(),
    PATH: z.string().optional(),
    [`${prefix}_BUNDLE_DIR`]: z.string().optional(),
    [`${prefix}_BUNDLE_URLS`]: urlMap,
    ...Object.fromEntries(
      samples.flatMap((app) => [
        [sampleVar(app, 'FILE'), z.string().optional()],
        [sampleVar(app, 'URL'), sampleUrl],
      ]),
    ),
  };
  const config = loadConfig(z.object(shape), env) as Record<string, unknown>;
  const get = <T>(name: string) => config[`${prefix}_${name}`] as T;
  const certFile = get<string | undefined>('ADAPTER_TLS_CERT_FILE');
  const keyFile = get<string | undefined>('ADAPTER_TLS_KEY_FILE');
  const caFile = get<string | undefined>('ADAPTER_TLS_CLIENT_CA_FILE');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError([
      {
        variable: certFile ? `${prefix}_ADAPTER_TLS_KEY_FILE` : `${prefix}_ADAPTER_TLS_CERT_FILE`,
        message: `is required with ${certFile ? `${prefix}_ADAPTER_TLS_CERT_FILE` : `${prefix}_ADAPTER_TLS_KEY_FILE`}`,
      },
    ]);
  }
  const cliPath = get<string | undefined>('CLI_PATH') ?? (config['PATH'] as string | undefined);
  const stateDir = resolve(get<string>('ADAPTER_STATE_DIR'));
  return {
    address: `${get<string>('ADAPTER_HOST')}:${get<number>('ADAPTER_PORT')}`,
    server:
      certFile && keyFile
        ? {
            tls: {
              certChain: readFileSync(certFile),
              privateKey: readFileSync(keyFile),
              ...(caFile ? { clientCa: readFileSync(caFile) } : {}),
            },
          }
        : {},
    inventory: new FileInventoryStore(stateDir),
    stateDir,
    clusterPolicy: {
      allowCidrs: get<string[]>('ADAPTER_CLUSTER_ALLOW_CIDRS'),
      allowInsecureHttp: get<boolean>('ADAPTER_CLUSTER_ALLOW_HTTP'),
    },
    cliPath: cliPath === 'none' ? undefined : cliPath,
    bundleDir: get<string | undefined>('BUNDLE_DIR'),
    bundleUrls: get<Record<string, BundleUrl>>('BUNDLE_URLS'),
    samples: Object.fromEntries(
      samples.map((app) => {
        const file = config[sampleVar(app, 'FILE')] as string | undefined;
        const url = config[sampleVar(app, 'URL')] as BundleUrl | undefined;
        return [app, file || url ? { ...(file ? { file } : {}), ...(url ? { url } : {}) } : undefined];
      }),
    ),
  };
}

/** The names of the variables, for error messages. */
export function sourceSettings(prefix: string, binary: string) {
  return {
    cli: `${binary} on ${prefix}_CLI_PATH, default PATH`,
    bundleDir: `${prefix}_BUNDLE_DIR`,
    bundleUrls: `${prefix}_BUNDLE_URLS`,
  };
}

export function sampleSettings(prefix: string) {
  return (app: string) => ({
    file: `${prefix}_SAMPLE_${app.toUpperCase()}_FILE`,
    url: `${prefix}_SAMPLE_${app.toUpperCase()}_URL`,
  });
}
