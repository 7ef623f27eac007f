import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type Caller, CurrentCaller, requirePermission, requireUser } from '@meshplane/graphql';
import { ProfilesService } from '../profiles.service.js';
import type { SmpFormat } from '../smp-mapping.js';
import { SmpDocumentFormat } from './profile-enums.js';
import { profileInputOf, toProfileModel } from './profile.mapper.js';
import { PerformanceProfileInput, PerformanceProfilesArgs } from './profile.inputs.js';
import { PerformanceProfile, PerformanceProfilePage } from './profile.model.js';

const formatOf = (format: SmpDocumentFormat | null | undefined): SmpFormat | undefined =>
  format === SmpDocumentFormat.JSON ? 'json' : format === SmpDocumentFormat.YAML ? 'yaml' : undefined;

/** Viewers read profiles; members and above write them. Every call runs in the caller's organization. */
@Resolver(() => PerformanceProfile)
export class ProfilesResolver {
  constructor(private readonly profiles: ProfilesService) {}

  @Mutation(() => PerformanceProfile, {
    description: 'Creates a profile; its name must be new in the organization.',
  })
  async createPerformanceProfile(
    @CurrentCaller() caller: Caller,
    @Args('input') input: PerformanceProfileInput,
  ): Promise<PerformanceProfile> {
    const orgId = requirePermission(caller, 'resources:write');
    return toProfileModel(await this.profiles.create(orgId, requireUser(caller), profileInputOf(input)));
  }

  @Mutation(() => PerformanceProfile, {
    description:
      'Replaces the profile if it is still at expectedVersion; CONFLICT (with currentVersion) when not.',
  })
  async updatePerformanceProfile(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('input') input: PerformanceProfileInput,
  ): Promise<PerformanceProfile> {
    const orgId = requirePermission(caller, 'resources:write');
    return toProfileModel(await this.profiles.update(orgId, id, expectedVersion, profileInputOf(input)));
  }

  @Mutation(() => ID, {
    description: 'Deletes the profile (only at expectedVersion, when given); returns its id.',
  })
  async deletePerformanceProfile(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ): Promise<string> {
    const orgId = requirePermission(caller, 'resources:write');
    await this.profiles.delete(orgId, id, expectedVersion ?? undefined);
    return id;
  }

  @Mutation(() => PerformanceProfile, {
    description:
      'Stores an SMP PerformanceTestConfig (as `mesheryctl perf apply -f` takes) as a new profile. YAML reads JSON too.',
  })
  async importPerformanceProfile(
    @CurrentCaller() caller: Caller,
    @Args('document') document: string,
    @Args('format', { type: () => SmpDocumentFormat, nullable: true }) format?: SmpDocumentFormat | null,
  ): Promise<PerformanceProfile> {
    const orgId = requirePermission(caller, 'resources:write');
    return toProfileModel(await this.profiles.import(orgId, requireUser(caller), document, formatOf(format)));
  }

  @Query(() => String, { description: 'The profile as an SMP PerformanceTestConfig document.' })
  exportPerformanceProfile(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('format', { type: () => SmpDocumentFormat, defaultValue: SmpDocumentFormat.YAML })
    format: SmpDocumentFormat,
  ): Promise<string> {
    return this.profiles.export(requirePermission(caller, 'resources:read'), id, formatOf(format) ?? 'yaml');
  }

  @Query(() => PerformanceProfile, { description: 'NOT_FOUND when the organization has no such profile.' })
  async performanceProfile(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<PerformanceProfile> {
    return toProfileModel(await this.profiles.get(requirePermission(caller, 'resources:read'), id));
  }

  @Query(() => PerformanceProfilePage, { description: 'Oldest first.' })
  performanceProfiles(
    @CurrentCaller() caller: Caller,
    @Args() args: PerformanceProfilesArgs,
  ): Promise<PerformanceProfilePage> {
    return this.profiles.page(requirePermission(caller, 'resources:read'), args);
  }
}
