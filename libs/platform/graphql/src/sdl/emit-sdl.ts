import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { printSubgraphSchema } from '@apollo/subgraph';
import { subgraphOptions } from '../subgraph/subgraph-options.js';

type ModuleRef = Type<unknown> | DynamicModule;

export interface EmitSdlOptions {
  /** The service's feature modules (their imports are walked); resolvers are found in their providers. */
  modules: ModuleRef[];
  /** Extra resolvers that live outside feature modules (e.g. the status resolver). */
  resolvers?: Type<unknown>[];
  orphanedTypes?: Type<unknown>[];
}

/**
 * Prints a service's subgraph SDL without a database or a broker: only resolver classes are instantiated, each with
 * an inert stand-in for its dependencies (resolver methods are never called), so the schema comes from the very
 * decorators the running service uses.
 */
export async function renderSubgraphSdl(options: EmitSdlOptions): Promise<string> {
  // Loaded on first use: this module is part of every service's import graph, Nest's testing kit belongs to none.
  const { Test } = await import('@nestjs/testing');
  const resolvers = [...new Set([...collectResolvers(options.modules), ...(options.resolvers ?? [])])];
  const moduleRef = await Test.createTestingModule({
    imports: [
      GraphQLModule.forRoot(
        subgraphOptions({ orphanedTypes: options.orphanedTypes, contextSecrets: [], audience: 'sdl' }),
      ),
    ],
    providers: resolvers,
  })
    .useMocker(() => ({}))
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
    // The executable subgraph schema, printed with its `@link` to federation v2 (Nest's own file omits it).
    return `${printSubgraphSchema(app.get(GraphQLSchemaHost).schema).trim()}\n`;
  } finally {
    await app.close();
  }
}

export function collectResolvers(modules: ModuleRef[], seen = new Set<unknown>()): Type<unknown>[] {
  const found: Type<unknown>[] = [];
  for (const ref of modules) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    const isDynamic = typeof ref === 'object' && 'module' in ref;
    const cls = isDynamic ? ref.module : ref;
    const providers: unknown[] = [
      ...((Reflect.getMetadata('providers', cls) as unknown[] | undefined) ?? []),
      ...(isDynamic ? (ref.providers ?? []) : []),
    ];
    const imports: unknown[] = [
      ...((Reflect.getMetadata('imports', cls) as unknown[] | undefined) ?? []),
      ...(isDynamic ? (ref.imports ?? []) : []),
    ];
    for (const p of providers) {
      // @Resolver() sets this key even without arguments (its value may be undefined), so test presence.
      if (typeof p === 'function' && Reflect.hasMetadata(RESOLVER_TYPE_METADATA, p))
        found.push(p as Type<unknown>);
    }
    const nested = imports.filter(
      (i): i is ModuleRef =>
        typeof i === 'function' || (typeof i === 'object' && i !== null && 'module' in i),
    );
    found.push(...collectResolvers(nested, seen));
  }
  return found;
}
