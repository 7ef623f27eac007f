import { Module } from '@nestjs/common';
import { ProfilesModule } from '@meshplane/perf-profiles';
import { ClusterEnvironments } from './execution/cluster-environments.js';
import { ExternalGenerators } from './execution/external-generators.js';
import { LoadWorkerService } from './execution/load-worker.service.js';
import { ResultAnnouncer } from './execution/result-announcer.js';
import { RunExecutor } from './execution/run-executor.js';
import { ResultsResolver, RunsResolver } from './graphql/runs.resolver.js';
import { RunsRepository } from './persistence/runs.repository.js';
import { RunsService } from './runs.service.js';

/** Performance runs: the executor every replica runs, the GraphQL and the results. Profiles come from ProfilesModule. */
@Module({
  imports: [ProfilesModule],
  providers: [
    RunsRepository,
    ClusterEnvironments,
    ExternalGenerators,
    ResultAnnouncer,
    RunExecutor,
    LoadWorkerService,
    RunsService,
    RunsResolver,
    ResultsResolver,
  ],
  exports: [RunsService],
})
export class RunsModule {}
