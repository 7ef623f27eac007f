import {
  ArgsType,
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  ObjectType,
  registerEnumType,
} from '@nestjs/graphql';
import { connectionOf, PageArgs } from '@meshplane/graphql';
import { TICK_OUTCOMES, type TickOutcome } from '../entities/schedule-tick.entity.js';

export const PerformanceScheduleTickOutcome = Object.fromEntries(
  TICK_OUTCOMES.map((o) => [o.toUpperCase(), o.toUpperCase()]),
) as { [K in Uppercase<TickOutcome>]: K };
registerEnumType(PerformanceScheduleTickOutcome, {
  name: 'PerformanceScheduleTickOutcome',
  description:
    'FIRING (being started), STARTED (a run), SKIPPED (the previous run still going), FAILED (detail says why), MISSED (no replica within the grace).',
});

@ObjectType({ description: 'One tick of a schedule and what became of it.' })
export class PerformanceScheduleTick {
  @Field(() => GraphQLISODateTime)
  tickAt!: Date;

  @Field(() => PerformanceScheduleTickOutcome)
  outcome!: Uppercase<TickOutcome>;

  @Field(() => ID, { nullable: true, description: 'The run it started.' })
  runId!: string | null;

  @Field(() => String, { nullable: true })
  detail!: string | null;

  @Field(() => GraphQLISODateTime)
  recordedAt!: Date;
}

@ObjectType({
  description: 'A cron schedule starting runs of a performance profile, once per tick across replicas.',
})
export class PerformanceSchedule {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique in the organization.' })
  name!: string;

  @Field(() => ID)
  profileId!: string;

  @Field({ description: 'Five fields: minute hour day-of-month month day-of-week (crontab(5)).' })
  cron!: string;

  @Field({ description: 'IANA time zone the fields are read in.' })
  timezone!: string;

  @Field()
  enabled!: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Null once the expression never fires again.',
  })
  nextTickAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastTickAt!: Date | null;

  @Field(() => Int, { description: 'Ticks that passed while no replica ran them within the grace.' })
  missedTicks!: number;

  @Field(() => Int)
  version!: number;

  @Field()
  createdBy!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => [PerformanceScheduleTick], { description: 'The latest ticks, newest first (at most 50).' })
  ticks!: PerformanceScheduleTick[];
}

@ObjectType()
export class PerformanceSchedulePage extends connectionOf(PerformanceSchedule, 'PerformanceSchedule') {}

@InputType()
export class PerformanceScheduleInput {
  @Field()
  name!: string;

  @Field(() => ID)
  profileId!: string;

  @Field({
    description: 'Five fields; at most one tick a minute; an expression that never fires is refused.',
  })
  cron!: string;

  @Field({ nullable: true, description: 'IANA time zone (default UTC).' })
  timezone?: string;

  @Field({ nullable: true, defaultValue: true })
  enabled?: boolean;
}

@ArgsType()
export class PerformanceSchedulesArgs extends PageArgs {}
