import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import { SmpValidationError, type SmpIssue } from './smp-errors.js';
import {
  SMP_PROTOCOLS,
  SMP_VERSION,
  type SmpClient,
  type SmpPerformanceTestConfig,
  type SmpProtocol,
} from './smp-types.js';

/** Documents larger than this are refused before parsing (a test config is a few hundred bytes). */
export const MAX_SMP_DOCUMENT_BYTES = 256 * 1024;
const MAX_CLIENTS = 64;
const MAX_ENDPOINTS = 64;
const MAX_MAP_ENTRIES = 100;
const MAX_STRING = 8192;
const MAX_BODY = 1024 * 1024;
/** A load test longer than a day is a mistake (a unit typed wrong), not a test. */
export const MAX_SMP_DURATION_MS = 24 * 3_600_000;

const CONFIG_KEYS = new Set(['smp_version', 'id', 'name', 'labels', 'clients', 'duration']);
const CLIENT_KEYS = new Set([
  'internal',
  'load_generator',
  'protocol',
  'connections',
  'rps',
  'headers',
  'cookies',
  'body',
  'content_type',
  'endpoint_urls',
  // The proto's field name; Meshery's files use the plural.
  'endpoint_url',
]);

type Json = unknown;

/**
 * Parses a `PerformanceTestConfig` from YAML or JSON text (JSON is YAML). The document is either the config itself or,
 * as Meshery writes its test files, wrapped in `test:`. Throws {@link SmpValidationError} listing every bad field.
 */
export function parsePerformanceTestConfig(text: string): SmpPerformanceTestConfig {
  if (Buffer.byteLength(text, 'utf8') > MAX_SMP_DOCUMENT_BYTES) {
    throw new SmpValidationError('PerformanceTestConfig', [
      { path: '', message: `larger than ${MAX_SMP_DOCUMENT_BYTES} bytes` },
    ]);
  }
  let document: Json;
  try {
    // Core schema without custom tags (`!!binary`, `!!set` stay plain), no aliases blown up into huge documents.
    document = parseYaml(text, { resolveKnownTags: false, maxAliasCount: 10, uniqueKeys: true });
  } catch (error) {
    throw new SmpValidationError('PerformanceTestConfig', [
      { path: '', message: `not YAML or JSON: ${(error as Error).message.split('\n')[0]}` },
    ]);
  }
  return validatePerformanceTestConfig(document);
}

/** Validates an already parsed document (e.g. a GraphQL JSON input). */
export function validatePerformanceTestConfig(document: Json): SmpPerformanceTestConfig {
  const issues: SmpIssue[] = [];
  let root = document;
  let prefix = '';
  if (isObject(root) && Object.keys(root).length === 1 && 'test' in root) {
    root = root['test'];
    prefix = 'test.';
  }
  if (!isObject(root)) {
    throw new SmpValidationError('PerformanceTestConfig', [
      { path: prefix.slice(0, -1), message: 'must be an object' },
    ]);
  }
  const at = (key: string) => `${prefix}${key}`;
  unknownKeys(root, CONFIG_KEYS, prefix, issues);

  const config: SmpPerformanceTestConfig = {
    smp_version: optionalString(root, 'smp_version', at('smp_version'), issues) ?? SMP_VERSION,
    id: optionalString(root, 'id', at('id'), issues) ?? '',
    name: optionalString(root, 'name', at('name'), issues) ?? '',
    labels: stringMap(root['labels'], at('labels'), issues),
    clients: [],
    duration: '',
  };

  const duration = root['duration'];
  if (typeof duration !== 'string' || duration === '') {
    issues.push({ path: at('duration'), message: 'required, a duration such as "30s" or "1m30s"' });
  } else {
    const ms = parseGoDuration(duration);
    if (ms === undefined)
      issues.push({ path: at('duration'), message: `"${clip(duration)}" is not a duration such as "30s"` });
    else if (ms <= 0) issues.push({ path: at('duration'), message: 'must be longer than zero' });
    else if (ms > MAX_SMP_DURATION_MS) issues.push({ path: at('duration'), message: 'at most 24h' });
    else config.duration = duration;
  }

  const clients = root['clients'];
  if (!Array.isArray(clients) || clients.length === 0) {
    issues.push({ path: at('clients'), message: 'required, a list of at least one load generator client' });
  } else if (clients.length > MAX_CLIENTS) {
    issues.push({ path: at('clients'), message: `at most ${MAX_CLIENTS} clients` });
  } else {
    config.clients = clients.map((client, index) => validateClient(client, at(`clients[${index}]`), issues));
  }

  if (issues.length > 0) throw new SmpValidationError('PerformanceTestConfig', issues);
  return config;
}

function validateClient(value: Json, path: string, issues: SmpIssue[]): SmpClient {
  const client: SmpClient = {
    internal: false,
    load_generator: '',
    protocol: 'http',
    connections: 1,
    rps: 0,
    headers: {},
    cookies: {},
    body: '',
    content_type: '',
    endpoint_urls: [],
  };
  if (!isObject(value)) {
    issues.push({ path, message: 'must be an object' });
    return client;
  }
  unknownKeys(value, CLIENT_KEYS, `${path}.`, issues);
  const internal = value['internal'];
  if (internal !== undefined && typeof internal !== 'boolean') {
    issues.push({ path: `${path}.internal`, message: 'must be true or false' });
  } else client.internal = internal ?? false;

  client.load_generator = (
    optionalString(value, 'load_generator', `${path}.load_generator`, issues) ?? ''
  ).toLowerCase();
  client.protocol = protocol(value['protocol'], `${path}.protocol`, issues);
  client.connections = integer(value['connections'], `${path}.connections`, 1, 100_000, issues) ?? 1;
  client.rps = integer(value['rps'], `${path}.rps`, 0, 10_000_000, issues) ?? 0;
  client.headers = stringMap(value['headers'], `${path}.headers`, issues);
  client.cookies = stringMap(value['cookies'], `${path}.cookies`, issues);
  client.body = optionalString(value, 'body', `${path}.body`, issues, MAX_BODY) ?? '';
  client.content_type = optionalString(value, 'content_type', `${path}.content_type`, issues) ?? '';

  const key = 'endpoint_urls' in value ? 'endpoint_urls' : 'endpoint_url';
  const urls = value[key];
  const urlPath = `${path}.${key}`;
  const list = typeof urls === 'string' ? [urls] : urls;
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({ path: urlPath, message: 'required, at least one http(s) URL' });
  } else if (list.length > MAX_ENDPOINTS) {
    issues.push({ path: urlPath, message: `at most ${MAX_ENDPOINTS} URLs` });
  } else {
    list.forEach((url: Json, index) => {
      const itemPath = `${urlPath}[${index}]`;
      if (typeof url !== 'string' || !isHttpUrl(url))
        issues.push({ path: itemPath, message: 'must be an absolute http(s) URL' });
      else client.endpoint_urls.push(url);
    });
  }
  return client;
}

/** Writes a config as YAML (the default, what `mesheryctl perf apply -f` is given) or JSON, after validating it. */
export function serializePerformanceTestConfig(
  config: SmpPerformanceTestConfig,
  format: 'yaml' | 'json' = 'yaml',
): string {
  const valid = validatePerformanceTestConfig(config);
  return format === 'json' ? `${JSON.stringify(valid, null, 2)}\n` : stringifyYaml(valid);
}

export { formatGoDuration, parseGoDuration };

function protocol(value: Json, path: string, issues: SmpIssue[]): SmpProtocol {
  if (value === undefined) return 'http';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < SMP_PROTOCOLS.length) {
    return SMP_PROTOCOLS[value] as SmpProtocol;
  }
  if (typeof value === 'string' && (SMP_PROTOCOLS as readonly string[]).includes(value.toLowerCase())) {
    return value.toLowerCase() as SmpProtocol;
  }
  issues.push({ path, message: `must be one of ${SMP_PROTOCOLS.join(', ')} (or 0–3)` });
  return 'http';
}

function integer(
  value: Json,
  path: string,
  min: number,
  max: number,
  issues: SmpIssue[],
): number | undefined {
  if (value === undefined) return undefined;
  // Protobuf's JSON mapping writes int64 as a string.
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    issues.push({ path, message: `must be an integer from ${min} to ${max}` });
    return undefined;
  }
  return number;
}

function optionalString(
  object: Record<string, Json>,
  key: string,
  path: string,
  issues: SmpIssue[],
  max = MAX_STRING,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be a string' });
    return undefined;
  }
  if (value.length > max) {
    issues.push({ path, message: `longer than ${max} characters` });
    return undefined;
  }
  return value;
}

function stringMap(value: Json, path: string, issues: SmpIssue[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    issues.push({ path, message: 'must be a map of strings' });
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_MAP_ENTRIES) {
    issues.push({ path, message: `at most ${MAX_MAP_ENTRIES} entries` });
    return {};
  }
  const map: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      map[key] = String(item);
    else issues.push({ path: `${path}.${key}`, message: 'must be a string' });
  }
  return map;
}

function unknownKeys(
  object: Record<string, Json>,
  allowed: Set<string>,
  prefix: string,
  issues: SmpIssue[],
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.has(key)) issues.push({ path: `${prefix}${key}`, message: 'unknown field' });
  }
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
