import {
  Args,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
  ResolveReference,
  Subscription,
} from '@nestjs/graphql';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Caller, CurrentCaller, requirePermission, requireUser } from '@meshplane/graphql';
import {
  compareResults,
  comparisonChart,
  latencyDistributionChart,
  meshMark,
  resultLatencySeries,
  resultsToCsv,
  timeSeriesChart,
  toFortioJson,
} from '@meshplane/perf-smp';
import { NotFoundError } from '@meshplane/graphql';
import { isFinal } from '../run-state.js';
import { ExternalGenerators } from '../execution/external-generators.js';
import { RunsService } from '../runs.service.js';
import { toResultModel, toRunModel } from './run.mapper.js';
import {
  MeshValueInput,
  PerformanceChartKind,
  PerformanceComparison,
  PerformanceExportFormat,
  ExternalGeneratorStatus,
  PerformanceResult,
  PerformanceRun,
  PerformanceRunPage,
  PerformanceRunsArgs,
  StartPerformanceRunInput,
} from './run.model.js';

const READ = 'resources:read';
const WRITE = 'resources:write';
/** How often the progress subscription looks at its run (what the executor stores about once a second). */
const PROGRESS_POLL_MS = 500;

/** Viewers read runs and results; members and above start and cancel. Every call runs in the caller's org. */
@Resolver(() => PerformanceRun)
export class RunsResolver {
  constructor(
    private readonly runs: RunsService,
    private readonly generators: ExternalGenerators,
  ) {}

  @Query(() => [ExternalGeneratorStatus], {
    description:
      'The external load generators and whether this perf replica found them (none is installed by Meshplane); MESHPLANE, the built-in one, always runs.',
  })
  async performanceGenerators(@CurrentCaller() caller: Caller): Promise<ExternalGeneratorStatus[]> {
    requirePermission(caller, READ);
    return (await this.generators.detected()).map((g) => ({
      name: g.name.toUpperCase(),
      found: g.found,
      version: g.version ?? null,
    }));
  }

  @Mutation(() => PerformanceRun, {
    description:
      'Starts a run of the profile as it is now. The same idempotencyKey returns the same run (never a second one).',
  })
  async startPerformanceRun(
    @CurrentCaller() caller: Caller,
    @Args('input') input: StartPerformanceRunInput,
  ): Promise<PerformanceRun> {
    const orgId = requirePermission(caller, WRITE);
    return toRunModel(await this.runs.start(orgId, requireUser(caller), input));
  }

  @Mutation(() => PerformanceRun, {
    description:
      'A pending run is CANCELLED at once; a running one stops within about a second (its partial result kept).',
  })
  async cancelPerformanceRun(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<PerformanceRun> {
    return toRunModel(await this.runs.cancel(requirePermission(caller, WRITE), id));
  }

  @Query(() => PerformanceRun, { description: 'NOT_FOUND when the organization has no such run.' })
  async performanceRun(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<PerformanceRun> {
    return toRunModel(await this.runs.get(requirePermission(caller, READ), id));
  }

  @Query(() => PerformanceRunPage, { description: 'Newest first.' })
  performanceRuns(
    @CurrentCaller() caller: Caller,
    @Args() args: PerformanceRunsArgs,
  ): Promise<PerformanceRunPage> {
    return this.runs.page(requirePermission(caller, READ), args);
  }

  @ResolveField(() => PerformanceResult, {
    nullable: true,
    description: 'Once the run ended with a measurement.',
  })
  async result(
    @CurrentCaller() caller: Caller,
    @Parent() run: PerformanceRun,
  ): Promise<PerformanceResult | null> {
    const row = await this.runs.result(requirePermission(caller, READ), run.id);
    return row ? toResultModel(row) : null;
  }

  @Query(() => PerformanceComparison, {
    description:
      "A baseline result (no mesh) against a meshed one: overhead per percentile, rate, errors, the MeshMark index and a chart. NOT_FOUND unless both runs are the organization's and have a result.",
  })
  async comparePerformanceResults(
    @CurrentCaller() caller: Caller,
    @Args('baselineId', { type: () => ID }) baselineId: string,
    @Args('meshedId', { type: () => ID }) meshedId: string,
    @Args('value', { type: () => MeshValueInput, nullable: true }) value?: MeshValueInput | null,
  ): Promise<PerformanceComparison> {
    const orgId = requirePermission(caller, READ);
    const [baseline, meshed] = await Promise.all([
      this.runs.resultOf(orgId, baselineId),
      this.runs.resultOf(orgId, meshedId),
    ]);
    if (!baseline) throw new NotFoundError(`performance result ${baselineId}`);
    if (!meshed) throw new NotFoundError(`performance result ${meshedId}`);
    const comparison = compareResults({ result: baseline.result }, { result: meshed.result });
    const mark = meshMark(comparison, value ?? undefined);
    const { warnings, latency, ...overhead } = comparison;
    return {
      baselineId: baseline.id,
      meshedId: meshed.id,
      latency,
      overhead,
      meshMark: mark.index,
      meshMarkTerms: { value: mark.value, overhead: mark.overhead, ...mark.terms },
      warnings,
      chartSvg: comparisonChart([
        { label: 'baseline', result: baseline.result },
        { label: 'meshed', result: meshed.result },
      ]),
    };
  }

  @Subscription(() => PerformanceRun, {
    description: 'The run each time its progress or status changes (about once a second); ends when it ends.',
    resolve: (run: PerformanceRun) => run,
  })
  async performanceRunProgress(
    @CurrentCaller() caller: Caller,
    @Args('runId', { type: () => ID }) runId: string,
  ): Promise<AsyncIterableIterator<PerformanceRun>> {
    const orgId = requirePermission(caller, READ);
    const first = await this.runs.get(orgId, runId);
    return this.follow(orgId, first.id);
  }

  private async *follow(orgId: string, id: string): AsyncIterableIterator<PerformanceRun> {
    let last = '';
    for (;;) {
      const run = toRunModel(await this.runs.get(orgId, id));
      const seen = JSON.stringify([run.status, run.progress, run.cancelRequested]);
      if (seen !== last) {
        last = seen;
        yield run;
      }
      if (isFinal(run.status)) return;
      await sleep(PROGRESS_POLL_MS);
    }
  }
}

/** The result's exports: the formats a measurement is taken away in. */
@Resolver(() => PerformanceResult)
export class ResultsResolver {
  constructor(private readonly runs: RunsService) {}

  /** Federation: a result another subgraph refers to (the providers' remote syncs), in the caller's org only. */
  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'PerformanceResult'; id: string },
    @CurrentCaller() caller: Caller,
  ): Promise<PerformanceResult | null> {
    const row = await this.runs.resultOf(requirePermission(caller, READ), reference.id);
    return row ? toResultModel(row) : null;
  }

  @ResolveField(() => String, { description: 'An SVG chart of the result.' })
  async chartSvg(
    @CurrentCaller() caller: Caller,
    @Parent() result: PerformanceResult,
    @Args('kind', { type: () => PerformanceChartKind }) kind: PerformanceChartKind,
  ): Promise<string> {
    const row = await this.runs.result(requirePermission(caller, READ), result.id);
    if (!row) return '';
    return kind === PerformanceChartKind.LATENCY
      ? latencyDistributionChart([resultLatencySeries(row.result)])
      : timeSeriesChart(row.result);
  }

  @ResolveField(() => String, {
    description: 'The result in another format, to take away (CSV, fortio JSON).',
  })
  async export(
    @CurrentCaller() caller: Caller,
    @Parent() result: PerformanceResult,
    @Args('format', { type: () => PerformanceExportFormat }) format: PerformanceExportFormat,
  ): Promise<string> {
    const row = await this.runs.result(requirePermission(caller, READ), result.id);
    if (!row) return '';
    if (format === PerformanceExportFormat.CSV) return resultsToCsv([row.result]);
    const labels = Object.entries(row.smp.performance_test_result.labels ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    return `${JSON.stringify(toFortioJson(row.result, labels), null, 2)}\n`;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The lossless HDR histogram (µs) in the base64 compressed interchange format, to merge or re-plot.',
  })
  async histogram(
    @CurrentCaller() caller: Caller,
    @Parent() result: PerformanceResult,
  ): Promise<string | null> {
    const row = await this.runs.result(requirePermission(caller, READ), result.id);
    const histograms = row?.result.histograms;
    return histograms ? (histograms.corrected ?? histograms.uncorrected) : null;
  }
}
