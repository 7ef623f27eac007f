import { Module } from '@nestjs/common';
import { OperationCommandHandler } from './commands/operation-command.handler.js';
import { ClusterCredentials } from './execution/cluster-credentials.js';
import { OperationExecutor } from './execution/operation-executor.js';
import { AdapterOperationsResolver } from './graphql/adapter-operations.resolver.js';
import { ClusterMeshesResolver } from './graphql/cluster-meshes.resolver.js';
import { OperationEventFeed } from './live/operation-event.feed.js';
import { AdapterOperationsService } from './operations/adapter-operations.service.js';
import { OperationsRepository } from './persistence/operations.repository.js';

/** Adapter operations: the persisted state machine, its executor, the GraphQL and the live event feed. */
@Module({
  providers: [
    OperationsRepository,
    OperationExecutor,
    ClusterCredentials,
    AdapterOperationsService,
    OperationCommandHandler,
    OperationEventFeed,
    AdapterOperationsResolver,
    ClusterMeshesResolver,
  ],
  exports: [OperationExecutor],
})
export class AdapterOperationsModule {}
