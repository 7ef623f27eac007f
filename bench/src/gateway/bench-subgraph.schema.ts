/** The representative subgraph: one query returning a nested object and a list of 20 items. */
export const BENCH_SUBGRAPH_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Owner { id: ID! name: String! email: String! }
  type Item @key(fields: "id") { id: ID! name: String! tags: [String!]! score: Float! }
  type Catalog { id: ID! name: String! owner: Owner! items: [Item!]! }
  type Query { catalog(id: ID!): Catalog }
`;

export const BENCH_QUERY = `query Catalog($id: ID!) {
  catalog(id: $id) { id name owner { id name email } items { id name tags score } }
}`;

export const BENCH_VARIABLES = { id: 'c-1' };

const ITEMS = Array.from({ length: 20 }, (_, i) => ({
  id: `item-${i}`,
  name: `Item number ${i}`,
  tags: ['mesh', 'istio', `tag-${i % 5}`],
  score: i * 1.5,
}));

export function catalog(id: string) {
  return {
    id,
    name: 'Bench catalog',
    owner: { id: 'u-1', name: 'Ada', email: 'ada@example.test' },
    items: ITEMS,
  };
}
