import { describe, expect, it } from 'vitest';
import { compileInputSchema, describeIssues, SchemaError } from '../input-schema.js';

const check = compileInputSchema('operation install', {
  type: 'object',
  properties: {
    version: { type: 'string', enum: ['1.0.0', '1.1.0'] },
    profile: { type: 'string', default: 'default' },
    gateways: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'] },
    },
  },
  required: ['version'],
  additionalProperties: false,
});

describe('compileInputSchema', () => {
  it('names every failing field with its path from the input', () => {
    const result = check({ version: '9.9.9', gateways: [{ name: 'a' }, {}], colour: 'red' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { field: 'input.version', message: 'must be one of "1.0.0", "1.1.0"' },
        { field: 'input.gateways[1].name', message: 'is required' },
        { field: 'input.colour', message: 'is not allowed' },
      ]),
    );
    expect(describeIssues(result.issues)).toContain('input.gateways[1].name is required');
  });

  it('names a missing top-level field', () => {
    const result = check({});
    expect(result).toEqual({ ok: false, issues: [{ field: 'input.version', message: 'is required' }] });
  });

  it('applies defaults to a copy and leaves the caller’s object alone', () => {
    const input = { version: '1.0.0' };
    expect(check(input)).toEqual({ ok: true, value: { version: '1.0.0', profile: 'default' } });
    expect(input).toEqual({ version: '1.0.0' });
  });

  it('refuses a broken schema when it is compiled, naming its owner', () => {
    expect(() => compileInputSchema('operation typo', { type: 'object', propertees: {} })).toThrow(
      SchemaError,
    );
    expect(() => compileInputSchema('operation typo', { type: 'object', propertees: {} })).toThrow(
      /operation typo: invalid JSON Schema/,
    );
  });
});
