import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SubscriptionPlanner } from '../subscription-planner.js';

const schema = buildSchema(`
  type Org { id: ID! name: String! }
  type Query { orgs: [Org!]! }
  type Subscription { orgChanged: Org! runProgress(runId: ID!): Float! }
`);

const planner = new SubscriptionPlanner({
  schema,
  routes: new Map([
    ['orgChanged', 'providers'],
    ['runProgress', 'perf'],
  ]),
  limits: { maxDepth: 5, maxAliases: 3, maxCost: 1000, maxIntrospectionCost: 1000 },
});

const messages = (plan: ReturnType<SubscriptionPlanner['plan']>) =>
  plan.kind === 'rejected' ? plan.errors.map((e) => e.message) : [];

describe('SubscriptionPlanner', () => {
  it('routes a subscription to the subgraph owning its root field, keeping the query and variables', () => {
    const query = 'subscription P($id: ID!) { runProgress(runId: $id) }';

    expect(planner.plan({ query, variables: { id: 'r1' }, operationName: 'P' })).toMatchObject({
      kind: 'subscription',
      subgraph: 'perf',
      query,
      operationName: 'P',
      variables: { id: 'r1' },
    });
  });

  it('finds the root field behind a fragment spread', () => {
    const plan = planner.plan({
      query: 'subscription { ...F } fragment F on Subscription { orgChanged { id } }',
    });

    expect(plan).toMatchObject({ kind: 'subscription', subgraph: 'providers' });
  });

  it('refuses root fields from different subgraphs, naming each field and subgraph', () => {
    const plan = planner.plan({ query: 'subscription { orgChanged { id } runProgress(runId: "r") }' });

    expect(messages(plan)).toEqual([
      'A subscription must select root fields of one subgraph only; this one selects orgChanged (providers), runProgress (perf).',
    ]);
  });

  it('rejects a subscription that does not validate against the API schema', () => {
    const plan = planner.plan({ query: 'subscription { orgChanged { secret } }' });

    expect(plan.kind).toBe('rejected');
    expect(messages(plan).join()).toContain('Cannot query field "secret"');
  });

  it('applies the alias limit to subscriptions', () => {
    const plan = planner.plan({ query: 'subscription { orgChanged { a: id b: id c: name d: name } }' });

    expect(messages(plan)).toEqual(['Query uses 4 aliases; at most 3 are allowed.']);
  });

  it('hands queries sent on a subscription transport back for local execution', () => {
    expect(planner.plan({ query: '{ orgs { id } }' })).toMatchObject({ kind: 'operation' });
  });

  it('rejects requests without a query, with a syntax error, or with non-object variables', () => {
    expect(messages(planner.plan({}))).toEqual(['A non-empty "query" string is required.']);
    expect(messages(planner.plan({ query: 'subscription {' })).join()).toContain('Syntax Error');
    expect(messages(planner.plan({ query: 'subscription { orgChanged { id } }', variables: [1] }))).toEqual([
      '"variables" must be a JSON object.',
    ]);
  });
});
