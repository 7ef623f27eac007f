import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type EnumTypeDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from 'graphql';

export interface SupergraphSubgraph {
  /** Subgraph name given at composition. */
  name: string;
  /** URL recorded in the supergraph. */
  url: string;
}

/** Subgraphs recorded in a supergraph (`enum join__Graph { X @join__graph(name:, url:) }`), in SDL order. */
export function supergraphSubgraphs(supergraphSdl: string): SupergraphSubgraph[] {
  return [...readGraphs(parse(supergraphSdl)).values()];
}

/**
 * Maps every root field of the Subscription type to the subgraph that resolves it, read from
 * `@join__field(graph:)` or, for fields without it, from the type's single `@join__type(graph:)`.
 */
export function subscriptionRoutes(supergraphSdl: string): Map<string, string> {
  const document = parse(supergraphSdl);
  const graphs = readGraphs(document);
  const typeName = subscriptionTypeName(document);
  const routes = new Map<string, string>();
  const definitions = document.definitions.filter(
    (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      d.name.value === typeName,
  );
  for (const definition of definitions) {
    const typeGraphs = directivesNamed(definition.directives, 'join__type').map((d) => argument(d, 'graph'));
    for (const field of definition.fields ?? []) {
      const fieldGraphs = directivesNamed(field.directives, 'join__field')
        .map((d) => argument(d, 'graph'))
        .filter((g): g is string => g !== undefined);
      const owner = fieldGraphs[0] ?? (typeGraphs.length === 1 ? typeGraphs[0] : undefined);
      const subgraph = owner === undefined ? undefined : graphs.get(owner)?.name;
      if (subgraph !== undefined) routes.set(field.name.value, subgraph);
    }
  }
  return routes;
}

function readGraphs(document: DocumentNode): Map<string, SupergraphSubgraph> {
  const graphEnum = document.definitions.find(
    (d): d is EnumTypeDefinitionNode =>
      d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  const graphs = new Map<string, SupergraphSubgraph>();
  for (const value of graphEnum?.values ?? []) {
    const directive = directivesNamed(value.directives, 'join__graph')[0];
    const name = directive && argument(directive, 'name');
    const url = directive && argument(directive, 'url');
    if (name !== undefined && url !== undefined) graphs.set(value.name.value, { name, url });
  }
  return graphs;
}

function subscriptionTypeName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION) continue;
    const operation = definition.operationTypes.find((o) => o.operation === 'subscription');
    if (operation) return operation.type.name.value;
  }
  return 'Subscription';
}

function directivesNamed(directives: readonly ConstDirectiveNode[] | undefined, name: string) {
  return (directives ?? []).filter((d) => d.name.value === name);
}

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  if (value?.kind === Kind.STRING || value?.kind === Kind.ENUM) return value.value;
  return undefined;
}

/**
 * The environment variable that overrides one subgraph's URL: `providers` → `SUBGRAPH_URL_PROVIDERS`,
 * `meshsync-ingest` → `SUBGRAPH_URL_MESHSYNC_INGEST`. The run command sets it and the gateway reads it.
 */
export function subgraphUrlVariable(subgraph: string): string {
  return `SUBGRAPH_URL_${subgraph.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}
