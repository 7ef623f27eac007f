import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonObject } from './json.js';

export interface FieldIssue {
  /** Dotted path from the input's root, e.g. `input.gateways[0].name`. */
  field: string;
  message: string;
}

export type InputCheck<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * JSON Schema draft 2020-12 through ajv. Strict about the schema (an unknown keyword or a typo in a schema fails
 * when the adapter starts, naming the operation) and reports every failing field of an input, not only the first.
 */
function newAjv(): Ajv2020 {
  return new Ajv2020({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    useDefaults: true,
    logger: false,
  });
}

export class SchemaError extends Error {
  constructor(
    readonly owner: string,
    cause: unknown,
  ) {
    super(`${owner}: invalid JSON Schema: ${(cause as Error).message}`);
    this.name = 'SchemaError';
  }
}

/** Compiles a schema once; `check` validates a copy of the input (defaults applied to the copy). */
export function compileInputSchema<T = JsonObject>(
  owner: string,
  schema: JsonObject,
): (input: JsonObject) => InputCheck<T> {
  let validate: ValidateFunction;
  try {
    validate = newAjv().compile(schema);
  } catch (error) {
    throw new SchemaError(owner, error);
  }
  return (input) => {
    const copy = structuredClone(input);
    if (validate(copy)) return { ok: true, value: copy as T };
    return { ok: false, issues: (validate.errors ?? []).map(toFieldIssue) };
  };
}

/** Throws SchemaError when `schema` is not a valid draft 2020-12 schema (used by the conformance kit too). */
export function assertValidSchema(owner: string, schema: unknown): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new SchemaError(owner, new Error('a schema must be a JSON object'));
  }
  compileInputSchema(owner, schema as JsonObject);
}

function toFieldIssue(error: ErrorObject): FieldIssue {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'required') segments.push(String(error.params['missingProperty']));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params['additionalProperty']));
  const field = segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`),
    'input',
  );
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not allowed'
        : error.keyword === 'enum'
          ? `must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
          : (error.message ?? 'is invalid');
  return { field, message };
}

export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
}
