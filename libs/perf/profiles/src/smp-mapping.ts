import {
  SMP_LABEL_PREFIX,
  SmpValidationError,
  parsePerformanceTestConfig,
  runOptionsToSmpConfig,
  serializePerformanceTestConfig,
  smpConfigToRunOptions,
  type PerfRunOptions,
} from '@meshplane/perf-smp';
import { ProfileValidationError } from './profile-errors.js';
import type { PerformanceProfileInput } from './profile.js';
import { validateProfileInput } from './validate-profile.js';

export type SmpFormat = 'yaml' | 'json';

/** A profile as the run options every generator adapter takes. */
export function profileToRunOptions(profile: PerformanceProfileInput): PerfRunOptions {
  return {
    name: profile.name,
    endpoints: [...profile.endpoints],
    durationMs: profile.durationMs,
    ...(profile.model.kind === 'open' ? { rate: profile.model.rate } : {}),
    connections: profile.model.kind === 'open' ? profile.model.connections : profile.model.concurrency,
    generator: profile.generator,
    protocol: profile.protocol,
    method: profile.method,
    headers: { ...profile.headers },
    ...(profile.body !== undefined && profile.body !== '' ? { body: profile.body } : {}),
    workers: profile.workers,
    labels: { ...profile.labels },
  };
}

/** The reverse of `profileToRunOptions`: a rate makes the open model. */
export function runOptionsToProfile(options: PerfRunOptions, name: string): PerformanceProfileInput {
  return {
    name,
    endpoints: [...options.endpoints],
    durationMs: options.durationMs,
    model:
      options.rate !== undefined
        ? { kind: 'open', rate: options.rate, connections: options.connections }
        : { kind: 'closed', concurrency: options.connections },
    generator: options.generator,
    protocol: options.protocol,
    method: options.method,
    headers: { ...options.headers },
    ...(options.body !== undefined ? { body: options.body } : {}),
    workers: options.workers,
    labels: { ...options.labels },
  };
}

/** Maps a profile field back to where it came from in the SMP document, so import errors name the SMP path. */
function smpPathOf(field: string): string {
  if (field === 'name') return 'name';
  if (field === 'durationMs') return 'duration';
  if (field === 'workers') return 'clients';
  if (field.startsWith('endpoints')) return `clients[0].endpoint_urls${field.slice('endpoints'.length)}`;
  if (field === 'model.rate') return 'clients[0].rps';
  if (field === 'model.connections' || field === 'model.concurrency') return 'clients[0].connections';
  if (field === 'generator') return 'clients[0].load_generator';
  if (field === 'protocol') return 'clients[0].protocol';
  if (field === 'method') return `labels.${SMP_LABEL_PREFIX}method`;
  if (field.startsWith('headers')) return `clients[0].${field}`;
  if (field === 'body') return 'clients[0].body';
  return field;
}

/**
 * Reads an SMP `PerformanceTestConfig` (YAML or JSON) into a validated profile. `fallbackName` names the profile
 * when the document has no `name`. Every error is one `SmpValidationError` whose issues name SMP field paths.
 */
export function profileFromSmp(text: string, fallbackName = ''): PerformanceProfileInput {
  const options = smpConfigToRunOptions(parsePerformanceTestConfig(text));
  const profile = runOptionsToProfile(options, options.name || fallbackName);
  try {
    return validateProfileInput(profile);
  } catch (error) {
    if (!(error instanceof ProfileValidationError)) throw error;
    throw new SmpValidationError(
      'PerformanceTestConfig',
      error.issues.map((issue) => ({ path: smpPathOf(issue.field), message: issue.message })),
    );
  }
}

/** Writes a profile as an SMP `PerformanceTestConfig`; `id` becomes the document's `id`. */
export function profileToSmp(profile: PerformanceProfileInput, format: SmpFormat = 'yaml', id = ''): string {
  return serializePerformanceTestConfig(runOptionsToSmpConfig(profileToRunOptions(profile), id), format);
}
