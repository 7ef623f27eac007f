import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** One generated operation of the matrix: a root field called with another tenant's ids. */
export interface MatrixCase {
  kind: 'query' | 'mutation';
  field: string;
  document: string;
  variables: Record<string, unknown>;
  /** Whether any argument carries a foreign id (fields without one still must not leak). */
  usesForeignId: boolean;
}

export interface MatrixOptions {
  /** Ids owned by the other tenant; one case per id for every field taking an id. */
  foreignIds: readonly string[];
  /** Value for every String argument that is not an id (e.g. an SQL injection string). */
  text: string;
  /** Root fields left out, each with the reason (printed by the test). */
  skip: ReadonlyMap<string, string>;
}

const MAX_DEPTH = 3;
const ID_NAME = /(^id$|Id$|^ids$|Ids$)/;
const CURSOR_NAME = /^(after|before|cursor)$/;

/**
 * Every query and mutation of the composed schema as operations a tenant could send with the other
 * tenant's ids in each id-like argument (including ids nested in filter and input objects), selecting
 * every scalar the result type offers a few levels deep: a new field is covered the day it is composed.
 */
export function isolationCases(schema: GraphQLSchema, options: MatrixOptions): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_') || options.skip.has(field.name)) continue;
      const takesId = field.args.some((arg) => mentionsId(arg.name, arg.type, new Set()));
      const ids: (string | undefined)[] =
        takesId && options.foreignIds.length > 0 ? [...options.foreignIds] : [undefined];
      for (const id of ids) cases.push(buildCase(kind, field, id, options.text));
    }
  }
  return cases;
}

function buildCase(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  foreignId: string | undefined,
  text: string,
): MatrixCase {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const passed: string[] = [];
  for (const arg of field.args) {
    const value = argumentValue(arg, foreignId, text);
    if (value === undefined) continue;
    variables[arg.name] = value;
    declarations.push(`$${arg.name}: ${String(arg.type)}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  const selection = selectionOf(field.type, 1);
  const document =
    `${kind} Isolation${declarations.length ? `(${declarations.join(', ')})` : ''} ` +
    `{ ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
  return { kind, field: field.name, document, variables, usesForeignId: foreignId !== undefined };
}

function argumentValue(arg: GraphQLArgument, foreignId: string | undefined, text: string): unknown {
  // Optional arguments are sent only when they carry an id (filters by id are where leaks hide).
  const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
  if (!required && !(foreignId !== undefined && mentionsId(arg.name, arg.type, new Set()))) {
    return optionalTextValue(arg.name, arg.type, text);
  }
  return inputValue(arg.name, arg.type, foreignId, text, 0);
}

/** Optional String arguments (searches, name filters) get the text too: injection must be harmless everywhere. */
function optionalTextValue(name: string, type: GraphQLInputType, text: string): unknown {
  // Cursors stay unset: a made-up one only fails decoding, and the page behind it is what must not leak.
  if (text === '' || CURSOR_NAME.test(name)) return undefined;
  const named = getNamedType(type);
  if (isScalarType(named) && named.name === 'String' && !isListType(isNonNullType(type) ? type.ofType : type))
    return text;
  return undefined;
}

function inputValue(
  name: string,
  type: GraphQLInputType,
  foreignId: string | undefined,
  text: string,
  depth: number,
): unknown {
  if (isNonNullType(type)) return inputValue(name, type.ofType, foreignId, text, depth);
  if (isListType(type)) {
    const item = inputValue(name, type.ofType, foreignId, text, depth);
    return item === undefined ? [] : [item];
  }
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    if (depth > 4) return undefined;
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      const carriesId = foreignId !== undefined && mentionsId(field.name, field.type, new Set());
      const value =
        required || carriesId
          ? inputValue(field.name, field.type, foreignId, text, depth + 1)
          : optionalTextValue(field.name, field.type, text);
      if (value !== undefined) out[field.name] = value;
    }
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return foreignId ?? '00000000-0000-4000-8000-000000000000';
      case 'String':
        return ID_NAME.test(name) && foreignId !== undefined ? foreignId : text;
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTime':
        return new Date().toISOString();
      default:
        // JSON-like custom scalars: an object carrying the id, so rule- or document-shaped inputs see it too.
        return { id: foreignId ?? text, name: text };
    }
  }
  return undefined;
}

function mentionsId(name: string, type: GraphQLInputType, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === 'ID' || (named.name === 'String' && ID_NAME.test(name));
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((field) => mentionsId(field.name, field.type, seen));
  }
  return false;
}

function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) return ' { __typename }';
  if (!isObjectType(named)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const inner = getNamedType(field.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(field.name);
    else if (depth < MAX_DEPTH) {
      const nested = selectionOf(field.type, depth + 1);
      if (nested !== '') parts.push(`${field.name}${nested}`);
    }
  }
  return ` { ${parts.join(' ')} }`;
}
