import { Command } from 'commander';
import {
  CreatePerformanceScheduleDocument,
  PerformanceScheduleDocument,
  PerformanceSchedulesDocument,
  type PerformanceScheduleFieldsFragment,
} from '@meshplane/client';
import { age, render, statusStyle, type Column } from '../output/format.js';
import { globalOptions, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';

type Schedule = PerformanceScheduleFieldsFragment;

const SCHEDULE_COLUMNS: readonly Column<Schedule>[] = [
  { header: 'NAME', value: (s) => s.name },
  { header: 'ID', value: (s) => s.id },
  { header: 'CRON', value: (s) => `${s.cron} (${s.timezone})` },
  { header: 'ENABLED', value: (s) => (s.enabled ? 'yes' : 'no') },
  { header: 'NEXT', value: (s) => s.nextTickAt ?? 'never' },
  { header: 'MISSED', value: (s) => s.missedTicks },
  { header: 'AGE', value: (s) => age(s.createdAt) },
];

/** `perf schedule create|list|get`: cron schedules that run a profile, once per tick across replicas. */
export function perfScheduleCommand(runtime: CliRuntime): Command {
  const schedule = new Command('schedule').description('cron schedules that run a performance profile');
  schedule.addCommand(
    mutationCommand(runtime, {
      usage: 'create <name>',
      description: 'schedule runs of a profile (members): five cron fields, at most one run a minute',
      options: (c) =>
        c
          .requiredOption('--profile <id>', 'the profile to run (id)')
          .requiredOption('--cron <expression>', "e.g. '0 3 * * MON-FRI' (minute hour day month weekday)")
          .option('--timezone <zone>', 'IANA time zone the fields are read in (default UTC)')
          .option('--disabled', 'create it paused'),
      run: async (
        { client },
        [name]: [string],
        options: { profile: string; cron: string; timezone?: string; disabled?: boolean },
      ) =>
        (
          await client.request(CreatePerformanceScheduleDocument, {
            input: {
              name,
              profileId: options.profile,
              cron: options.cron,
              ...(options.timezone ? { timezone: options.timezone } : {}),
              enabled: !options.disabled,
            },
          })
        ).createPerformanceSchedule,
      columns: SCHEDULE_COLUMNS.slice(0, 5),
      done: (s) => `Schedule ${s.name} created (${s.id}); next run ${s.nextTickAt ?? 'never'}`,
    }),
  );
  schedule.addCommand(
    listCommand(runtime, {
      usage: 'list',
      description: 'schedules of the organization, oldest first',
      page:
        ({ client }) =>
        async (first, after) =>
          (await client.request(PerformanceSchedulesDocument, { first, after })).performanceSchedules,
      columns: SCHEDULE_COLUMNS,
    }),
  );
  schedule.addCommand(
    new Command('get')
      .argument('<id>')
      .description('one schedule and its latest ticks (what each started, skipped or missed)')
      .action(async (id: string, _options: unknown, command: Command) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        const { performanceSchedule: s } = await client.request(PerformanceScheduleDocument, { id });
        render(runtime.terminal, output, s, s.ticks, [
          { header: 'TICK', value: (t) => t.tickAt },
          { header: 'OUTCOME', value: (t) => t.outcome, style: statusStyle },
          { header: 'RUN', value: (t) => t.runId ?? '-' },
          { header: 'DETAIL', value: (t) => t.detail ?? '' },
        ]);
      }),
  );
  return schedule;
}
