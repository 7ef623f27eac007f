import {
  ArgsType,
  Directive,
  Field,
  Float,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  ObjectType,
  registerEnumType,
} from '@nestjs/graphql';
import { connectionOf, JSONScalar, PageArgs } from '@meshplane/graphql';
import { RUN_STATUSES, type RunStatus } from '../run-state.js';

export const PerformanceRunStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, s])) as {
  [K in RunStatus]: K;
};
registerEnumType(PerformanceRunStatus, {
  name: 'PerformanceRunStatus',
  description: 'PENDING → RUNNING → SUCCEEDED | PARTIAL | FAILED | CANCELLED (a run never goes back).',
});

export enum PerformanceChartKind {
  LATENCY = 'LATENCY',
  TIME_SERIES = 'TIME_SERIES',
}
registerEnumType(PerformanceChartKind, {
  name: 'PerformanceChartKind',
  description:
    'LATENCY: the distribution on a log percentile axis. TIME_SERIES: rate, latency and errors per second.',
});

export enum PerformanceExportFormat {
  CSV = 'CSV',
  FORTIO_JSON = 'FORTIO_JSON',
}
registerEnumType(PerformanceExportFormat, {
  name: 'PerformanceExportFormat',
  description:
    "CSV: one summary row under a header (spreadsheet-safe: a cell that could run as a formula is quoted). FORTIO_JSON: fortio's result JSON, for tools that read fortio's results.",
});

@ObjectType({
  description: 'An external load generator, as this perf replica found it on PERF_GENERATOR_PATH.',
})
export class ExternalGeneratorStatus {
  @Field({ description: 'WRK, WRK2, FORTIO or NIGHTHAWK (as a profile names it).' })
  name!: string;

  @Field()
  found!: boolean;

  @Field(() => String, { nullable: true, description: 'From its banner, when found.' })
  version!: string | null;
}

@ObjectType({ description: 'Where a run is, stored about once a second while it runs.' })
export class PerformanceRunProgress {
  @Field({ description: 'warmup, measure or drain.' })
  phase!: string;

  @Field(() => Int)
  elapsedMs!: number;

  @Field(() => Int, { description: 'The measured window asked for.' })
  plannedMs!: number;

  @Field(() => Float)
  requests!: number;

  @Field(() => Float)
  errors!: number;

  @Field(() => Int, { description: 'Requests per second over the measured window so far.' })
  currentRate!: number;
}

@ObjectType({ description: "One endpoint's part of a run whose load was spread over several." })
export class PerformanceEndpointResult {
  @Field()
  url!: string;

  @Field(() => Float)
  requests!: number;

  @Field(() => Float)
  errors!: number;

  @Field(() => Float, { description: 'Requests per second this endpoint answered over the window.' })
  achievedRate!: number;

  @Field(() => JSONScalar, {
    description: 'Its latency percentiles in ms (corrected when the model was open).',
  })
  latency!: unknown;

  @Field(() => JSONScalar, { description: 'HTTP status (or gRPC status name) → count.' })
  statusCodes!: unknown;
}

@ObjectType({ description: "A finished run's measurement, in the formats it can be taken away in." })
@Directive('@key(fields: "id")')
export class PerformanceResult {
  @Field(() => ID, { description: "The run's id." })
  id!: string;

  @Field(() => ID)
  profileId!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => Float)
  requests!: number;

  @Field(() => Float)
  errors!: number;

  @Field(() => Float, { description: 'Requests per second over the measured window.' })
  achievedRate!: number;

  @Field(() => JSONScalar, {
    description: 'Latency percentiles in ms (corrected for coordinated omission when the model was open).',
  })
  latency!: unknown;

  @Field(() => JSONScalar, {
    description: 'Generator health: saturated, lag, late starts (never read as target latency).',
  })
  generatorHealth!: unknown;

  @Field(() => String, { nullable: true, description: 'Why part of the load is missing, when it is.' })
  partial!: string | null;

  @Field(() => JSONScalar, { description: 'The SMP PerformanceTestResult document.' })
  smp!: unknown;

  @Field(() => [PerformanceEndpointResult], {
    description:
      "A profile with several endpoints spreads its load over them in one window: each one's part (the figures above " +
      'are the whole load, histograms merged exactly). Empty for one endpoint.',
  })
  endpoints!: PerformanceEndpointResult[];
}

@ObjectType({ description: 'A mesh discovery found in the cluster when the run was requested.' })
export class PerformanceRunMesh {
  @Field()
  meshId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  version!: string | null;

  @Field(() => Int)
  proxyCount!: number;
}

@ObjectType({ description: "The run's cluster as discovery described it when the run was requested." })
export class PerformanceRunEnvironment {
  @Field(() => ID)
  clusterId!: string;

  @Field()
  clusterName!: string;

  @Field()
  kubernetesVersion!: string;

  @Field(() => Int)
  nodeCount!: number;

  @Field(() => [PerformanceRunMesh])
  meshes!: PerformanceRunMesh[];
}

@ObjectType({ description: 'One run of a performance profile.' })
export class PerformanceRun {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  profileId!: string;

  @Field({ description: "The profile's name when the run was requested (the run keeps its own copy)." })
  profileName!: string;

  @Field(() => PerformanceRunStatus)
  status!: RunStatus;

  @Field()
  idempotencyKey!: string;

  @Field()
  requestedBy!: string;

  @Field()
  cancelRequested!: boolean;

  @Field(() => PerformanceRunProgress, { nullable: true })
  progress!: PerformanceRunProgress | null;

  @Field(() => PerformanceRunEnvironment, {
    nullable: true,
    description: 'Absent when the run named no cluster.',
  })
  environment!: PerformanceRunEnvironment | null;

  @Field(() => String, { nullable: true, description: 'How it ended (or why it failed), in words.' })
  message!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType()
export class PerformanceRunPage extends connectionOf(PerformanceRun, 'PerformanceRun') {}

@InputType()
export class StartPerformanceRunInput {
  @Field(() => ID)
  profileId!: string;

  @Field({
    description:
      'Chosen by the client (1–200 characters): a retry with the same key returns the same run, never a second one.',
  })
  idempotencyKey!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The cluster the target runs in: its environment (name, Kubernetes version, nodes, meshes) as discovery describes it now is recorded with the result. BAD_USER_INPUT when the organization has no such cluster.',
  })
  clusterId?: string | null;
}

@InputType({ description: 'Every given criterion must match.' })
export class PerformanceRunFilter {
  @Field(() => ID, { nullable: true })
  profileId?: string | null;

  @Field(() => PerformanceRunStatus, { nullable: true })
  status?: RunStatus | null;
}

@ArgsType()
export class PerformanceRunsArgs extends PageArgs {
  @Field(() => PerformanceRunFilter, { nullable: true })
  filter?: PerformanceRunFilter | null;
}

@InputType({
  description:
    'What the mesh gives in return for its overhead (the MeshMark value term); all false: no value.',
})
export class MeshValueInput {
  @Field({ nullable: true })
  mtls?: boolean;

  @Field({ nullable: true })
  telemetry?: boolean;

  @Field({ nullable: true })
  policy?: boolean;

  @Field({ nullable: true })
  trafficManagement?: boolean;
}

@ObjectType({ description: 'A baseline result against a meshed one: what being on the mesh costs.' })
export class PerformanceComparison {
  @Field(() => ID)
  baselineId!: string;

  @Field(() => ID)
  meshedId!: string;

  @Field({ description: 'corrected when both runs have corrected latency (open model), else uncorrected.' })
  latency!: string;

  @Field(() => JSONScalar, {
    description: 'Per percentile, mean, rate and error rate: baseline, meshed, absolute and relative change.',
  })
  overhead!: unknown;

  @Field(() => Float, { description: 'MeshMark index, 0–100 (docs: libs/perf/smp/README.md).' })
  meshMark!: number;

  @Field(() => JSONScalar, {
    description: 'The index terms: value, overhead and its latency/rate/resources/errors parts.',
  })
  meshMarkTerms!: unknown;

  @Field(() => [String], {
    description: 'Why the comparison may mislead (different models, saturation, partial runs).',
  })
  warnings!: string[];

  @Field({ description: 'Both latency distributions overlaid (SVG).' })
  chartSvg!: string;
}
