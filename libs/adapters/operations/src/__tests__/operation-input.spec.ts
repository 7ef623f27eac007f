import { describe, expect, it } from 'vitest';
import { OperationInputError, validateOperationInput } from '../validation/operation-input.js';

const SCHEMA = {
  type: 'object',
  properties: {
    version: { type: 'string', enum: ['1.0.0', '1.1.0'] },
    profile: { type: 'string', default: 'default' },
    gateways: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
  },
  required: ['version'],
  additionalProperties: false,
};

function issuesOf(input: unknown): string[] {
  try {
    validateOperationInput('install', SCHEMA, input);
  } catch (error) {
    if (error instanceof OperationInputError) return error.issues.map((i) => `${i.field}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('operation input against the stored schema', () => {
  it('applies defaults to a valid input', () => {
    expect(validateOperationInput('install', SCHEMA, { version: '1.0.0' })).toEqual({
      version: '1.0.0',
      profile: 'default',
    });
  });

  it('names every failing field from the mutation input', () => {
    expect(issuesOf({ version: '2.0.0', extra: 1, gateways: [{}] })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^input\.version: must be one of "1\.0\.0", "1\.1\.0"/),
        'input.extra: is not allowed',
        'input.gateways[0].name: is required',
      ]),
    );
    expect(issuesOf({})).toEqual(['input.version: is required']);
  });

  it('refuses a non-object input and reports it as BAD_USER_INPUT on the field', () => {
    let error: unknown;
    try {
      validateOperationInput('install', SCHEMA, ['1.0.0']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OperationInputError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input' } });
  });

  it('refuses to run against a broken stored schema, blaming the adapter', () => {
    expect(() => validateOperationInput('install', { type: 'object', bogusKeyword: 1 }, {})).toThrow(
      /adapter announced an invalid schema/,
    );
  });
});
