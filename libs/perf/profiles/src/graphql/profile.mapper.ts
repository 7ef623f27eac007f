import { DomainError, ValidationFailedError } from '@meshplane/graphql';
import type { GeneratorName, LoadProtocol } from '@meshplane/perf-loadgen';
import { SmpValidationError } from '@meshplane/perf-smp';
import type { PerformanceProfileEntity } from '../entities/performance-profile.entity.js';
import type { LoadModel, PerformanceProfileInput as ProfileInput } from '../profile.js';
import { ProfileValidationError } from '../profile-errors.js';
import { PerformanceGenerator, PerformanceLoadModel, PerformanceProtocol } from './profile-enums.js';
import type { PerformanceProfileInput } from './profile.inputs.js';
import type { PerformanceProfile } from './profile.model.js';

const GENERATOR_TO_GRAPHQL: Record<GeneratorName, PerformanceGenerator> = {
  meshplane: PerformanceGenerator.MESHPLANE,
  wrk: PerformanceGenerator.WRK,
  wrk2: PerformanceGenerator.WRK2,
  fortio: PerformanceGenerator.FORTIO,
  nighthawk: PerformanceGenerator.NIGHTHAWK,
};
const PROTOCOL_TO_GRAPHQL: Record<LoadProtocol, PerformanceProtocol> = {
  http1: PerformanceProtocol.HTTP1,
  http2: PerformanceProtocol.HTTP2,
  grpc: PerformanceProtocol.GRPC,
};

export function generatorFromGraphql(value: PerformanceGenerator): GeneratorName {
  return inverse(GENERATOR_TO_GRAPHQL, value);
}

function inverse<K extends string, V>(table: Record<K, V>, value: V): K {
  const entry = Object.entries(table).find(([, v]) => v === value);
  if (!entry) throw new Error(`no stored value for ${String(value)}`);
  return entry[0] as K;
}

/** The GraphQL input as the domain's profile input; `validateProfileInput` judges it next. */
export function profileInputOf(input: PerformanceProfileInput): ProfileInput {
  const model: LoadModel =
    input.loadModel === PerformanceLoadModel.CLOSED
      ? { kind: 'closed', concurrency: input.concurrency ?? Number.NaN }
      : { kind: 'open', rate: input.rate ?? Number.NaN, connections: input.connections ?? Number.NaN };
  return {
    name: input.name,
    endpoints: input.endpoints,
    durationMs: input.durationMs,
    model,
    generator: generatorFromGraphql(input.generator),
    protocol: inverse(PROTOCOL_TO_GRAPHQL, input.protocol),
    method: input.method,
    headers: stringMap(input.headers, 'input.headers'),
    ...(input.body === null || input.body === undefined ? {} : { body: input.body }),
    workers: input.workers,
    labels: stringMap(input.labels, 'input.labels'),
  };
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ValidationFailedError(field, 'must be an object of string values');
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = entries.find(([, v]) => typeof v !== 'string');
  if (bad) throw new ValidationFailedError(`${field}.${bad[0].slice(0, 64)}`, 'must be a string');
  return Object.fromEntries(entries) as Record<string, string>;
}

export function toProfileModel(row: PerformanceProfileEntity): PerformanceProfile {
  const model = row.model;
  return {
    id: row.id,
    name: row.name,
    endpoints: row.endpoints,
    durationMs: row.durationMs,
    loadModel: model.kind === 'closed' ? PerformanceLoadModel.CLOSED : PerformanceLoadModel.OPEN,
    concurrency: model.kind === 'closed' ? model.concurrency : null,
    rate: model.kind === 'open' ? model.rate : null,
    connections: model.kind === 'open' ? model.connections : null,
    generator: GENERATOR_TO_GRAPHQL[row.generator],
    protocol: PROTOCOL_TO_GRAPHQL[row.protocol],
    method: row.method,
    headers: row.headers,
    body: row.body,
    workers: row.workers,
    labels: row.labels,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Input field names of the GraphQL input for the domain's field paths. */
function inputFieldOf(field: string): string {
  if (field === 'model.kind') return 'input.loadModel';
  if (field.startsWith('model.')) return `input.${field.slice('model.'.length)}`;
  return `input.${field}`;
}

/**
 * Validation errors of the domain and of SMP documents as BAD_USER_INPUT: the message lists every issue, `field`
 * names the first (a GraphQL input path, or an SMP field path prefixed with `document.`), `issues` all of them.
 */
export function asDomainError(error: unknown): unknown {
  if (error instanceof ProfileValidationError) {
    const issues = error.issues.map((issue) => ({
      field: inputFieldOf(issue.field),
      message: issue.message,
    }));
    return badInput(issues);
  }
  if (error instanceof SmpValidationError) {
    const issues = error.issues.map((issue) => ({
      field: issue.path ? `document.${issue.path}` : 'document',
      message: issue.message,
    }));
    return badInput(issues);
  }
  return error;
}

function badInput(issues: { field: string; message: string }[]): DomainError {
  return new DomainError(
    'BAD_USER_INPUT',
    issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
    { field: issues[0]?.field ?? 'input', issues },
  );
}
