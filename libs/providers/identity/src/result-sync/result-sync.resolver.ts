import {
  Directive,
  Field,
  GraphQLISODateTime,
  ID,
  Int,
  ObjectType,
  Parent,
  registerEnumType,
  ResolveField,
  Resolver,
  ResolveReference,
} from '@nestjs/graphql';
import { type Caller, CurrentCaller, isUuid, requirePermission } from '@meshplane/graphql';
import { RESULT_SYNC_STATUSES, type ResultSyncStatus } from './result-sync.entity.js';
import { ResultSyncsRepository } from './result-syncs.repository.js';

export const ResultSyncStatusEnum = Object.fromEntries(RESULT_SYNC_STATUSES.map((s) => [s, s])) as {
  [K in ResultSyncStatus]: K;
};
registerEnumType(ResultSyncStatusEnum, {
  name: 'PerformanceResultSyncStatus',
  description:
    'SYNCED: stored at the provider. RETRYING: the provider was unreachable or failed; tried again later. FAILED: ' +
    'the provider refused it, or every retry failed. SIGN_IN_REQUIRED: the grant is gone; sign in through the ' +
    'provider again.',
});

@ObjectType({
  description: "A performance result's copy at a remote provider of the user who requested the run.",
})
export class PerformanceResultSync {
  @Field({ description: 'The remote provider (REMOTE_PROVIDERS name).' })
  provider!: string;

  @Field(() => ResultSyncStatusEnum)
  status!: ResultSyncStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why it is not stored (yet).' })
  message!: string | null;

  @Field(() => Int, { nullable: true, description: "The record's version at the provider." })
  remoteVersion!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  syncedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

/** perf's PerformanceResult, extended here with its copies at remote providers (federation: key = the result id). */
@ObjectType()
@Directive('@key(fields: "id")')
export class PerformanceResult {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => PerformanceResult)
export class ResultSyncResolver {
  constructor(private readonly syncs: ResultSyncsRepository) {}

  @ResolveReference()
  resolveReference(reference: { __typename: 'PerformanceResult'; id: string }): PerformanceResult {
    return { id: reference.id };
  }

  @ResolveField(() => [PerformanceResultSync], {
    description:
      'Where the result was stored at remote providers that advertise persist-performance-results (empty when ' +
      "none applies). Only the caller's organization's.",
  })
  async remoteSyncs(
    @CurrentCaller() caller: Caller,
    @Parent() result: PerformanceResult,
  ): Promise<PerformanceResultSync[]> {
    const orgId = requirePermission(caller, 'resources:read');
    if (!isUuid(result.id)) return [];
    return (await this.syncs.ofResult(orgId, result.id)).map((row) => ({
      provider: row.provider,
      status: row.status,
      attempts: row.attempts,
      message: row.message,
      remoteVersion: row.remoteVersion,
      syncedAt: row.syncedAt,
      updatedAt: row.updatedAt,
    }));
  }
}
