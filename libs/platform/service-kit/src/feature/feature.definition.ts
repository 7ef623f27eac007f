import type { DynamicModule, InjectionToken, Type } from '@nestjs/common';
import { z } from 'zod';
import type { ConsumerDefinition, RequestDefinition, StreamDefinition } from '@meshplane/contracts';
import { loadConfig, type Env } from '@meshplane/config';
import type { ClassReference } from '@meshplane/database';

export type ModuleRef = Type<unknown> | DynamicModule;

type Values<Shape extends z.ZodRawShape> = z.output<z.ZodObject<Shape>>;

/**
 * A feature's own variables. The service validates them at start together with its common ones (a bad value
 * stops the process naming the variable) and provides what `build` makes of them under `token`: the feature's
 * classes inject that, and nothing in a feature reads the environment.
 */
export interface FeatureConfigDefinition<Shape extends z.ZodRawShape, Config> {
  token: InjectionToken;
  /** Variable name → schema; names are unique across the features of a service. */
  shape: Shape;
  /** Rules that span several of the feature's variables; each issue's `path` names the variable to blame. */
  refine?(values: Values<Shape>, ctx: z.RefinementCtx): void;
  /** What the feature's classes receive; the validated variables themselves when absent. */
  build?(values: Values<Shape>): Config;
}

/** Everything a feature brings to the service that runs it, declared once. */
export interface FeatureDefinition<Shape extends z.ZodRawShape = z.ZodRawShape, Config = unknown> {
  /** kebab-case, unique within a service. */
  name: string;
  /** The Nest module; its resolvers join the service's subgraph. */
  module?: ModuleRef;
  entities?: readonly ClassReference[];
  migrations?: readonly ClassReference[];
  /** Streams the feature publishes to or consumes from (declared by the service at start). */
  streams?: readonly StreamDefinition[];
  /**
   * Streams another service publishes to that the feature's durable consumers read: created at start when missing
   * (whichever service starts first), never updated nor published to (NATS permissions grant neither).
   */
  reads?: readonly StreamDefinition[];
  /** Durable consumers the feature runs. */
  consumers?: readonly ConsumerDefinition[];
  /** Streams the feature follows live (ordered consumers every replica reads in full): NATS permissions only. */
  liveStreams?: readonly StreamDefinition[];
  /** Durable consumers the feature creates and pulls itself (at-most-once work queues): NATS permissions only. */
  pulls?: readonly { stream: StreamDefinition; durable: string }[];
  /** Core NATS requests the feature answers (queue group of the service's replicas): NATS permissions. */
  answers?: readonly RequestDefinition[];
  /** Core NATS requests the feature sends: NATS permissions. */
  asks?: readonly RequestDefinition[];
  orphanedTypes?: readonly Type<unknown>[];
  config?: FeatureConfigDefinition<Shape, Config>;
  /** Features this one cannot run without (their tables, their exported providers); a service runs them too. */
  requires?: readonly Feature[];
}

/** A declared feature, its config types erased so that a service can list features of every kind. */
export type Feature = FeatureDefinition<z.ZodRawShape, unknown>;

export function defineFeature<Shape extends z.ZodRawShape = Record<never, never>, Config = Values<Shape>>(
  feature: FeatureDefinition<Shape, Config>,
): Feature {
  return Object.freeze(feature) as unknown as Feature;
}

/** The feature's variables as one schema: its shape with its cross-variable rules. */
export function featureConfigSchema(feature: Feature) {
  const config = feature.config;
  const schema = z.object(config?.shape ?? {});
  return config?.refine ? schema.superRefine((values, ctx) => config.refine?.(values, ctx)) : schema;
}

/** What the feature's classes receive, from the validated variables (all the service's, or the feature's own). */
export function buildFeatureConfig(feature: Feature, values: Record<string, unknown>): unknown {
  const config = feature.config;
  if (!config) return undefined;
  const own = Object.fromEntries(Object.keys(config.shape).map((key) => [key, values[key]]));
  return config.build ? config.build(own) : own;
}

/**
 * One feature's config from `env`, validated as the service would: for tests and tools that run a feature's
 * classes without a service. Throws ConfigError naming every bad variable.
 */
export function loadFeatureConfig<Config>(feature: Feature, env: Env): Config {
  return buildFeatureConfig(feature, loadConfig(featureConfigSchema(feature), env)) as Config;
}
