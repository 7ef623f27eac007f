import type { Type } from '@nestjs/common';
import { z } from 'zod';
import type { ConsumerDefinition, RequestDefinition, StreamDefinition } from '@meshplane/contracts';
import type { ClassReference } from '@meshplane/database';
import {
  loadConfig,
  requireNatsCredentialPair,
  serviceEnvShape,
  type Env,
  type ServiceEnv,
} from '@meshplane/config';
import type { Feature, ModuleRef } from './feature/feature.definition.js';

/** What a service's composition root says: who it is and which features it runs. */
export interface BackendServiceInput {
  /** kebab-case service name; also its Postgres schema (dashes become underscores). */
  name: string;
  version: string;
  defaultPort: number;
  /** The features this service runs, in this order; features they require but the list lacks are added after. */
  features: readonly Feature[];
  /** The service's own migrations (`npm run migration:generate` writes there), on top of its features'. */
  migrations?: readonly ClassReference[];
}

/** A service with everything its features declare collected: what the kit turns into a process. */
export interface BackendServiceDefinition {
  readonly name: string;
  readonly version: string;
  readonly defaultPort: number;
  /** Every feature the service runs: the listed ones, then the required ones the list lacked. */
  readonly features: readonly Feature[];
  readonly entities: ClassReference[];
  readonly migrations: ClassReference[];
  readonly streams: readonly StreamDefinition[];
  /** Streams its consumers read but it does not publish to (ensured at start). */
  readonly reads: readonly StreamDefinition[];
  readonly consumers: readonly ConsumerDefinition[];
  readonly liveStreams: readonly StreamDefinition[];
  /** Durable consumers its features manage themselves (NATS permissions). */
  readonly pulls: readonly { stream: StreamDefinition; durable: string }[];
  /** Requests the service answers and asks over core NATS (NATS permissions). */
  readonly answers: readonly RequestDefinition[];
  readonly asks: readonly RequestDefinition[];
  /** The features' Nest modules; their resolvers make up the subgraph. */
  readonly modules: ModuleRef[];
  readonly orphanedTypes: Type<unknown>[];
}

/**
 * A service from the features it runs. Two features declaring the same variable, durable consumer or name are
 * refused here, when the definition is imported, rather than at some later start.
 */
export function defineBackendService(input: BackendServiceInput): BackendServiceDefinition {
  const features = withRequired(input.features);
  const named = new Set<string>();
  for (const { name } of features) {
    if (named.has(name)) throw new Error(`${input.name}: two different features are named ${name}`);
    named.add(name);
  }
  assertUnique('variable', features, (feature) => Object.keys(feature.config?.shape ?? {}), [
    ...Object.keys(serviceEnvShape(0)),
  ]);
  assertUnique('durable consumer', features, (feature) => (feature.consumers ?? []).map((c) => c.durable));
  const all = <T>(pick: (feature: Feature) => readonly T[] | undefined): T[] => [
    ...new Set(features.flatMap((feature) => pick(feature) ?? [])),
  ];
  return {
    name: input.name,
    version: input.version,
    defaultPort: input.defaultPort,
    features,
    entities: all((feature) => feature.entities),
    migrations: [...new Set([...(input.migrations ?? []), ...all((feature) => feature.migrations)])],
    streams: uniqueByName(all((feature) => feature.streams)),
    reads: uniqueByName(all((feature) => feature.reads)),
    consumers: all((feature) => feature.consumers),
    liveStreams: uniqueByName(all((feature) => feature.liveStreams)),
    pulls: all((feature) => feature.pulls),
    answers: all((feature) => feature.answers),
    asks: all((feature) => feature.asks),
    modules: features.flatMap((feature) => (feature.module ? [feature.module] : [])),
    orphanedTypes: all((feature) => feature.orphanedTypes),
  };
}

export function schemaName(service: string): string {
  return service.replace(/-/g, '_');
}

/** The service's whole configuration schema: the common variables and every feature's, with their rules. */
export function backendConfigSchema(definition: BackendServiceDefinition) {
  const shape: z.ZodRawShape = { ...serviceEnvShape(definition.defaultPort) };
  for (const feature of definition.features) Object.assign(shape, feature.config?.shape);
  return z.object(shape).superRefine((values, ctx) => {
    requireNatsCredentialPair(values, ctx);
    for (const feature of definition.features) feature.config?.refine?.(values, ctx);
  });
}

/** The common variables, typed; the features' own reach them through their config tokens. */
export type BackendConfig = ServiceEnv & Record<string, unknown>;

/** Validates the whole environment at once: a ConfigError names every bad variable of every feature. */
export function loadBackendConfig(definition: BackendServiceDefinition, env?: Env): BackendConfig {
  return loadConfig(backendConfigSchema(definition), env) as BackendConfig;
}

/**
 * The listed features in their order (which is the order of their modules, hence of the subgraph's fields), then
 * the features they require that were not listed, each once.
 */
function withRequired(listed: readonly Feature[]): Feature[] {
  const all = [...listed];
  const visit = (feature: Feature, path: readonly Feature[]) => {
    if (path.includes(feature)) {
      throw new Error(`features require each other: ${[...path, feature].map((f) => f.name).join(' → ')}`);
    }
    if (!all.includes(feature)) all.push(feature);
    for (const required of feature.requires ?? []) visit(required, [...path, feature]);
  };
  for (const feature of listed) visit(feature, []);
  return all;
}

function assertUnique(
  what: string,
  features: readonly Feature[],
  keys: (feature: Feature) => readonly string[],
  reserved: readonly string[] = [],
): void {
  const owner = new Map<string, string>(reserved.map((key) => [key, 'the service']));
  for (const feature of features) {
    for (const key of keys(feature)) {
      const first = owner.get(key);
      if (first !== undefined)
        throw new Error(`${what} ${key} is declared by both ${first} and ${feature.name}`);
      owner.set(key, feature.name);
    }
  }
}

function uniqueByName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.name, item])).values()];
}
