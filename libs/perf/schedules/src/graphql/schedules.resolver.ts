import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type Caller, CurrentCaller, requirePermission, requireUser } from '@meshplane/graphql';
import { SchedulesService } from '../wiring/schedules.service.js';
import {
  PerformanceSchedule,
  PerformanceScheduleInput,
  PerformanceSchedulePage,
  PerformanceSchedulesArgs,
} from './schedule.model.js';

/** Viewers read schedules; members and above write them. Every call runs in the caller's organization. */
@Resolver(() => PerformanceSchedule)
export class SchedulesResolver {
  constructor(private readonly schedules: SchedulesService) {}

  @Mutation(() => PerformanceSchedule, {
    description: 'A cron schedule of a profile; its first tick is the next one after now.',
  })
  createPerformanceSchedule(
    @CurrentCaller() caller: Caller,
    @Args('input') input: PerformanceScheduleInput,
  ): Promise<PerformanceSchedule> {
    return this.schedules.create(requirePermission(caller, 'resources:write'), requireUser(caller), input);
  }

  @Mutation(() => PerformanceSchedule, {
    description:
      'Pauses or resumes; resumed, it fires from the next tick after now (nothing paused fires late).',
  })
  setPerformanceScheduleEnabled(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
    @Args('enabled') enabled: boolean,
  ): Promise<PerformanceSchedule> {
    return this.schedules.setEnabled(requirePermission(caller, 'resources:write'), id, enabled);
  }

  @Mutation(() => ID, { description: 'Deletes the schedule and its ticks (its runs stay); returns its id.' })
  deletePerformanceSchedule(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<string> {
    return this.schedules.delete(requirePermission(caller, 'resources:write'), id);
  }

  @Query(() => PerformanceSchedule, {
    description: "One schedule with its latest ticks; NOT_FOUND when not the organization's.",
  })
  performanceSchedule(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<PerformanceSchedule> {
    return this.schedules.get(requirePermission(caller, 'resources:read'), id);
  }

  @Query(() => PerformanceSchedulePage, { description: 'Oldest first (ticks: see performanceSchedule).' })
  performanceSchedules(
    @CurrentCaller() caller: Caller,
    @Args() args: PerformanceSchedulesArgs,
  ): Promise<PerformanceSchedulePage> {
    return this.schedules.page(requirePermission(caller, 'resources:read'), args);
  }
}
