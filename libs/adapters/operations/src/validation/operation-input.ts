import {
  compileInputSchema,
  SchemaError,
  type InputCheck,
  type JsonObject,
} from '@meshplane/adapters-sdk/input-schema';
import { DomainError } from '@meshplane/graphql';

/** Validation issues, each naming its field from the mutation's input (`input.version`). */
export class OperationInputError extends DomainError {
  constructor(readonly issues: readonly { field: string; message: string }[]) {
    super('BAD_USER_INPUT', issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '), {
      field: issues[0]?.field,
      fields: issues.map((issue) => issue.field),
    });
  }
}

/**
 * Checks an operation's input against the JSON Schema the adapter announced (as the registry stored it), before
 * anything is sent; returns the input with the schema's defaults applied. A broken stored schema is the
 * adapter's fault and refuses the run, naming the operation.
 */
export function validateOperationInput(
  operation: string,
  schema: Record<string, unknown>,
  input: unknown,
): JsonObject {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new OperationInputError([{ field: 'input', message: 'must be a JSON object' }]);
  }
  const result = compiled(operation, schema)(input as JsonObject);
  if (!result.ok) throw new OperationInputError(result.issues);
  return result.value;
}

/**
 * Compiled validators by operation and schema text: compiling (a new Ajv, code generation) costs milliseconds of CPU,
 * a third of an operation's cost in the broker when done per request (bench:adapters). Bounded, least recently used
 * first out; a changed catalogue is a new key.
 */
const COMPILED_MAX = 500;
const compiledByKey = new Map<string, (input: JsonObject) => InputCheck<JsonObject>>();

function compiled(operation: string, schema: Record<string, unknown>) {
  const key = `${operation}\u0000${JSON.stringify(schema)}`;
  const cached = compiledByKey.get(key);
  if (cached) {
    compiledByKey.delete(key);
    compiledByKey.set(key, cached);
    return cached;
  }
  const check = compile(operation, schema);
  compiledByKey.set(key, check);
  if (compiledByKey.size > COMPILED_MAX) compiledByKey.delete(compiledByKey.keys().next().value as string);
  return check;
}

function compile(operation: string, schema: Record<string, unknown>) {
  try {
    return compileInputSchema<JsonObject>(operation, schema as JsonObject);
  } catch (error) {
    if (error instanceof SchemaError) {
      throw new DomainError(
        'FAILED_PRECONDITION',
        `the adapter announced an invalid schema: ${error.message}`,
      );
    }
    throw error;
  }
}
