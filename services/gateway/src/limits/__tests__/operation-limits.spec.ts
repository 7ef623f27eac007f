import { buildSchema, getIntrospectionQuery, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { limitViolations, measureOperation } from '../operation-limits.js';

const schema = buildSchema(`
  type Item { id: ID! children(first: Int): [Item!]! parent: Item }
  type Query { items(first: Int, last: Int): [Item!]! item: Item }
`);

function measure(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation in test query');
  return measureOperation(schema, document, operation, variables);
}

const limits = { maxDepth: 3, maxAliases: 2, maxCost: 100, maxIntrospectionCost: 1000 };

describe('measureOperation', () => {
  it('counts nesting depth through fragments and inline fragments', () => {
    const m = measure(`
      { item { ...P } }
      fragment P on Item { parent { ... on Item { parent { id } } } }`);

    expect(m.depth).toBe(4);
  });

  it('counts every alias, including those inside fragments', () => {
    expect(measure('{ a: item { x: id } ...F } fragment F on Query { b: item { id } }').aliases).toBe(3);
  });

  it('multiplies the cost of fields under a list by first/last, or 10 when neither is given', () => {
    expect(measure('{ items(first: 5) { id } }').cost).toBe(1 + 5);
    expect(measure('{ items(last: 7) { id } }').cost).toBe(1 + 7);
    expect(measure('{ items { id children(first: 3) { id } } }').cost).toBe(1 + 10 + 10 + 30);
  });

  it('takes list sizes given as variables from the request, and marks the measure as variable-dependent', () => {
    const m = measure('query Q($n: Int) { items(first: $n) { id } }', { n: 50 });

    expect(m.cost).toBe(51);
    expect(m.variableDependent).toBe(true);
    expect(measure('query Q($n: Int) { items(first: $n) { id } }').cost).toBe(11);
  });

  it('stops at a fragment cycle instead of recursing forever', () => {
    const m = measure('{ item { ...A } } fragment A on Item { parent { ...A } }');

    expect(m.depth).toBe(2);
  });
});

describe('measureOperation inside introspection', () => {
  it('counts aliases and depth inside __schema and __type, as anywhere else', () => {
    const aliased = Array.from({ length: 60 }, (_v, i) => `a${i}: types { name }`).join(' ');
    const m = measure(`{ __schema { ${aliased} } t: __type(name: "Item") { fields { type { name } } } }`);

    expect(m.aliases).toBe(61);
    expect(m.depth).toBe(4);
  });

  it('costs the lists under introspection fields against their own budget, not the query cost', () => {
    const m = measure('{ items(first: 2) { id } __schema { types { fields { name } } } }');

    expect(m.cost).toBe(1 + 2);
    expect(m.introspectionCost).toBe(1 + 1 + 10 + 100);
    expect(measure('{ __typename item { __typename id } }')).toMatchObject({ cost: 2, introspectionCost: 0 });
  });

  it("fits GraphiQL's full introspection query in the default budget of 100 000, and refuses nesting that multiplies", () => {
    const full = parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    const operation = getOperationAST(full);
    if (!operation) throw new Error('no operation');
    const defaults = { maxDepth: 15, maxAliases: 30, maxCost: 10_000, maxIntrospectionCost: 100_000 };

    expect(limitViolations(measureOperation(schema, full, operation), defaults)).toEqual([]);
    const nested = measure(
      '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
    );
    expect(limitViolations(nested, defaults).map((v) => v.message)).toEqual([
      'Introspection cost 122212 exceeds the maximum introspection cost of 100000.',
    ]);
  });
});

describe('limitViolations', () => {
  it('returns nothing for an operation within every limit', () => {
    expect(
      limitViolations(
        { depth: 3, aliases: 2, cost: 100, introspectionCost: 1000, variableDependent: false },
        limits,
      ),
    ).toEqual([]);
  });

  it('names each exceeded limit with the value found and the maximum, as a 400 error', () => {
    const violations = limitViolations(
      { depth: 50, aliases: 1000, cost: 101, introspectionCost: 1001, variableDependent: false },
      limits,
    );

    expect(violations.map((v) => v.message)).toEqual([
      'Query depth 50 exceeds the maximum depth of 3.',
      'Query uses 1000 aliases; at most 2 are allowed.',
      'Query cost 101 exceeds the maximum cost of 100.',
      'Introspection cost 1001 exceeds the maximum introspection cost of 1000.',
    ]);
    expect(violations[0]?.extensions).toMatchObject({
      code: 'OPERATION_LIMIT_EXCEEDED',
      http: { status: 400 },
    });
  });
});
