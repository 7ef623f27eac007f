import { Module } from '@nestjs/common';
import { TenancyModule } from '@meshplane/providers-tenancy';
import { IdentityModule } from '../identity.module.js';
import { ResultSyncHandler } from './result-sync.handler.js';
import { ResultSyncResolver } from './result-sync.resolver.js';
import { ResultSyncService } from './result-sync.service.js';
import { ResultSyncsRepository } from './result-syncs.repository.js';

/** Performance results stored at remote providers on their users' behalf. */
@Module({
  imports: [IdentityModule, TenancyModule],
  providers: [ResultSyncsRepository, ResultSyncService, ResultSyncHandler, ResultSyncResolver],
})
export class ResultSyncModule {}
