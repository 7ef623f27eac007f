import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { delimiter, join } from 'node:path';
import { OperationError } from '../adapter-definition.js';

/** Default cap on manifest text from any source (CLI output, bundle directory, URL). */
export const DEFAULT_MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** A bundle at a URL: https (or http on loopback only), verified against its SHA-256 before use. */
export interface BundleUrl {
  url: string;
  /** 64 hex digits. */
  sha256: string;
}

/** How the mesh's own CLI renders a version's manifests. */
export interface MeshCli {
  /** Executable name looked up on `searchPath`, e.g. `istioctl`. */
  binary: string;
  /** Arguments that print the client version (no cluster contact), e.g. `['version', '--remote=false']`. */
  versionArgs: string[];
  /** One or more invocations whose outputs, concatenated, are the bundle. */
  render(version: string, profile: string): string[][];
}

/**
 * Where one mesh's manifests may come from. Nothing is fetched implicitly: a version is served only by what is
 * configured here. Precedence per version: a URL configured for it, else `<bundleDir>/<version>/`, else the CLI on
 * `searchPath` when it reports that very version. A version with both a URL and a bundle directory is refused
 * (one configured source per version).
 */
export interface ManifestSourceConfig {
  mesh: string;
  cli?: MeshCli;
  /** The PATH to look the CLI up on (from the adapter's config); absent: the CLI is never used. */
  searchPath?: string;
  bundleDir?: string;
  bundleUrls?: Record<string, BundleUrl>;
  /** How each is configured, for error messages (e.g. `ISTIO_BUNDLE_DIR`). */
  settings: { cli: string; bundleDir: string; bundleUrls: string };
  maxBytes?: number;
  cliTimeoutMs?: number;
  fetchTimeoutMs?: number;
}

export type ManifestSourceKind = 'cli' | 'bundle-dir' | 'url';

export interface ResolvedManifests {
  source: ManifestSourceKind;
  /** The CLI path, directory or URL (no credentials: URLs with user info are refused). */
  location: string;
  text: string;
}

/** The manifests of `version` from its one configured source, or an OperationError naming the three ways. */
export async function resolveManifests(
  config: ManifestSourceConfig,
  version: string,
  options: { profile?: string; signal?: AbortSignal } = {},
): Promise<ResolvedManifests> {
  const maxBytes = config.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const url = config.bundleUrls?.[version];
  const dir = config.bundleDir ? join(config.bundleDir, version) : undefined;
  const dirExists = dir !== undefined && (await isDirectory(dir));
  if (url && dirExists) {
    throw new OperationError(`${config.mesh} ${version} has two manifest sources configured`, {
      probableCause: [`${config.settings.bundleUrls} names ${version} and ${dir} exists`],
      suggestedRemediation: [
        `keep one: remove ${version} from ${config.settings.bundleUrls} or remove ${dir}`,
      ],
    });
  }
  if (url) {
    return {
      source: 'url',
      location: url.url,
      text: await fetchVerified(url, { maxBytes, timeoutMs: config.fetchTimeoutMs, signal: options.signal }),
    };
  }
  if (dir && dirExists)
    return { source: 'bundle-dir', location: dir, text: await readBundleDir(dir, maxBytes) };
  if (config.cli && config.searchPath !== undefined) {
    const binary = await findOnPath(config.cli.binary, config.searchPath);
    if (binary) {
      const timeout = config.cliTimeoutMs ?? 60_000;
      const reported = await run(binary, config.cli.versionArgs, {
        maxBytes,
        timeout,
        signal: options.signal,
      });
      if (reported.includes(version)) {
        const parts: string[] = [];
        for (const args of config.cli.render(version, options.profile ?? 'default')) {
          parts.push(await run(binary, args, { maxBytes, timeout, signal: options.signal }));
        }
        const text = parts.join('\n---\n');
        if (Buffer.byteLength(text) > maxBytes) throw tooLarge(binary, maxBytes);
        return { source: 'cli', location: binary, text };
      }
    }
  }
  throw new OperationError(`no manifest source for ${config.mesh} ${version}`, {
    probableCause: [
      `nothing configured provides ${config.mesh} ${version}; the adapter fetches nothing by itself`,
    ],
    suggestedRemediation: [
      `put ${config.cli?.binary ?? 'the mesh CLI'} ${version} on the adapter's PATH (${config.settings.cli})`,
      `or set ${config.settings.bundleDir} to a directory holding ${version}/*.yaml` +
        (config.bundleDir ? ` (now ${config.bundleDir}, which has no ${version}/)` : ''),
      `or set ${config.settings.bundleUrls} to {"${version}": {"url": "https://…/bundle.yaml", "sha256": "<64 hex>"}}`,
    ],
  });
}

/** A sample application: exactly one of a local file or a URL with its checksum. */
export interface SampleSource {
  file?: string;
  url?: BundleUrl;
}

export async function resolveSample(
  name: string,
  source: SampleSource | undefined,
  settings: { file: string; url: string },
  options: { maxBytes?: number; signal?: AbortSignal } = {},
): Promise<ResolvedManifests> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  if (source?.file && source.url) {
    throw new OperationError(`sample ${name} has two sources configured`, {
      suggestedRemediation: [`set only one of ${settings.file} and ${settings.url}`],
    });
  }
  if (source?.file)
    return { source: 'bundle-dir', location: source.file, text: await readCapped(source.file, maxBytes) };
  if (source?.url) {
    return {
      source: 'url',
      location: source.url.url,
      text: await fetchVerified(source.url, { maxBytes, signal: options.signal }),
    };
  }
  throw new OperationError(`no source for sample application ${name}`, {
    probableCause: ['the adapter fetches nothing by itself'],
    suggestedRemediation: [
      `set ${settings.file} to a local YAML file`,
      `or set ${settings.url} to "https://…/${name}.yaml#sha256=<64 hex>"`,
    ],
  });
}

/** `https://host/path#sha256=<hex>` → BundleUrl (the fragment is never sent). */
export function parseUrlWithChecksum(value: string): BundleUrl {
  const [url, fragment = ''] = value.split('#', 2) as [string, string?];
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(fragment);
  if (!match?.[1]) throw new TypeError('must end in #sha256=<64 hex digits>');
  checkBundleUrl(url);
  return { url, sha256: match[1].toLowerCase() };
}

/** https anywhere; http only to a loopback address; no user info. */
export function checkBundleUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${value} is not a URL`);
  }
  if (url.username || url.password) throw new TypeError('a bundle URL must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url;
  throw new TypeError(`${url.origin}: bundle URLs must be https (plain http only on a loopback address)`);
}

async function fetchVerified(
  bundle: BundleUrl,
  options: { maxBytes: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<string> {
  const url = checkBundleUrl(bundle.url);
  if (!/^[0-9a-f]{64}$/i.test(bundle.sha256)) {
    throw new OperationError(`no valid sha256 for ${url.origin}${url.pathname}`, {
      suggestedRemediation: ['give the bundle URL its SHA-256 (64 hex digits)'],
    });
  }
  const signals = [
    AbortSignal.timeout(options.timeoutMs ?? 60_000),
    ...(options.signal ? [options.signal] : []),
  ];
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.any(signals) });
  if (!response.ok || !response.body) {
    throw new OperationError(`${url.origin}${url.pathname} answered ${response.status}`, {
      suggestedRemediation: ['check the bundle URL'],
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Uint8Array).byteLength;
    if (size > options.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(`${url.origin}${url.pathname}`, options.maxBytes);
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  const body = Buffer.concat(chunks);
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual !== bundle.sha256.toLowerCase()) {
    throw new OperationError(`checksum mismatch for ${url.origin}${url.pathname}`, {
      details: `expected sha256 ${bundle.sha256.toLowerCase()}, got ${actual}`,
      probableCause: ['the bundle changed at its URL, or the configured checksum is wrong'],
      suggestedRemediation: ['verify the bundle and configure its actual SHA-256; nothing was applied'],
    });
  }
  return body.toString('utf8');
}

async function readBundleDir(dir: string, maxBytes: number): Promise<string> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (files.length === 0) {
    throw new OperationError(`${dir} holds no *.yaml files`, {
      suggestedRemediation: [`put the bundle into ${dir}`],
    });
  }
  const parts: string[] = [];
  let size = 0;
  for (const file of files) {
    const text = await readCapped(join(dir, file), maxBytes - size);
    size += Buffer.byteLength(text);
    parts.push(text);
  }
  return parts.join('\n---\n');
}

async function readCapped(path: string, maxBytes: number): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new OperationError(`${path} does not exist`, { suggestedRemediation: [`check the path ${path}`] });
  }
  if (info.size > maxBytes) throw tooLarge(path, maxBytes);
  return readFile(path, 'utf8');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function findOnPath(binary: string, searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, binary);
    try {
      await access(candidate, fsConstants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run(
  file: string,
  args: string[],
  options: { maxBytes: number; timeout: number; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    // execFile: no shell, so arguments are never interpreted.
    execFile(
      file,
      args,
      { timeout: options.timeout, maxBuffer: options.maxBytes, signal: options.signal, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const cause =
          (error as { code?: unknown }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
            ? `its output exceeded ${options.maxBytes} bytes`
            : error.killed
              ? `it did not finish within ${options.timeout} ms`
              : `it failed: ${String(stderr).slice(0, 500) || error.message}`;
        reject(
          new OperationError(`${file} ${args.join(' ')} did not render the manifests`, {
            probableCause: [cause],
            suggestedRemediation: ['run the same command by hand to see what it needs'],
          }),
        );
      },
    );
  });
}

function tooLarge(what: string, maxBytes: number): OperationError {
  return new OperationError(`${what} is larger than ${maxBytes} bytes`, {
    suggestedRemediation: ['use a smaller bundle or raise the adapter’s size cap'],
  });
}
