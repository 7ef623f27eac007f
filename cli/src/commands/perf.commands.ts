import { chmod, readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Command } from 'commander';
import {
  DeletePerformanceProfileDocument,
  ExportPerformanceProfileDocument,
  ImportPerformanceProfileDocument,
  PerformanceProfileDocument,
  PerformanceProfilesDocument,
  type PerformanceGenerator,
  type PerformanceProfileQuery,
  type SmpDocumentFormat,
} from '@meshplane/client';
import { parse } from 'yaml';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, render, type Column } from '../output/format.js';
import type { Terminal } from '../output/terminal.js';
import { globalOptions, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';
import { perfRunCommands } from './perf-run.commands.js';
import { perfScheduleCommand } from './perf-schedule.commands.js';

type Profile = PerformanceProfileQuery['performanceProfile'];

const GENERATORS = ['MESHPLANE', 'WRK', 'WRK2', 'FORTIO', 'NIGHTHAWK'] as const;

/** The load a profile puts on its endpoints, in a few words: `closed ×10`, `open 500/s over 20`. */
function load(p: Profile): string {
  return p.loadModel === 'OPEN'
    ? `open ${p.rate ?? '?'}/s over ${p.connections ?? '?'}`
    : `closed ×${p.concurrency ?? '?'}`;
}

const PROFILE_COLUMNS: readonly Column<Profile>[] = [
  { header: 'NAME', value: (p) => p.name },
  { header: 'ID', value: (p) => p.id },
  { header: 'GENERATOR', value: (p) => p.generator },
  { header: 'LOAD', value: load },
  { header: 'DURATION', value: (p) => `${p.durationMs / 1000}s` },
  { header: 'ENDPOINTS', value: (p) => p.endpoints.join(',') },
  { header: 'VERSION', value: (p) => p.version },
  { header: 'AGE', value: (p) => age(p.createdAt) },
];

export function perfCommand(runtime: CliRuntime): Command {
  const perf = new Command('perf').description(
    'performance profiles (how to load-test a set of endpoints), their runs and results',
  );
  perf.addCommand(applyCommand(runtime));
  for (const command of perfRunCommands(runtime)) perf.addCommand(command);
  perf.addCommand(perfScheduleCommand(runtime));

  const profile = new Command('profile').description('stored performance profiles of the organization');
  profile.addCommand(
    listCommand(runtime, {
      usage: 'list',
      description: 'performance profiles, oldest first',
      options: (c) =>
        c
          .option('--name-contains <text>', 'only profiles whose name contains this (any case)')
          .option(
            '--generator <generator>',
            `only this load generator (${GENERATORS.join(', ')})`,
            generator,
          ),
      page: ({ client }, _args: [], options: { nameContains?: string; generator?: PerformanceGenerator }) => {
        const filter = {
          ...(options.nameContains ? { nameContains: options.nameContains } : {}),
          ...(options.generator ? { generator: options.generator } : {}),
        };
        return async (first, after) =>
          (await client.request(PerformanceProfilesDocument, { first, after, filter })).performanceProfiles;
      },
      columns: PROFILE_COLUMNS,
    }),
  );
  profile.addCommand(
    new Command('get')
      .argument('<id>')
      .description('one performance profile, every field')
      .action(async (id: string, _options: unknown, command: Command) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        const { performanceProfile: p } = await client.request(PerformanceProfileDocument, { id });
        const fields: [string, string][] = [
          ['NAME', p.name],
          ['ID', p.id],
          ['ENDPOINTS', p.endpoints.join(', ')],
          ['GENERATOR', p.generator],
          ['PROTOCOL', p.protocol],
          ['LOAD', load(p)],
          ['WORKERS', String(p.workers)],
          ['DURATION', `${p.durationMs / 1000}s`],
          ['REQUEST', `${p.method}${p.body ? ` (${p.body.length} bytes of body)` : ''}`],
          ['HEADERS', pairs(p.headers)],
          ['LABELS', pairs(p.labels)],
          ['VERSION', String(p.version)],
          ['CREATED', `${p.createdAt} by ${p.createdBy}`],
          ['UPDATED', p.updatedAt],
        ];
        render(runtime.terminal, output, p, fields, [
          { header: 'FIELD', value: (row) => row[0] },
          { header: 'VALUE', value: (row) => row[1] },
        ]);
      }),
  );
  profile.addCommand(
    mutationCommand(runtime, {
      usage: 'delete <id>',
      description: 'delete a performance profile',
      run: async ({ client }, [id]: [string]) =>
        (await client.request(DeletePerformanceProfileDocument, { id })).deletePerformanceProfile,
      done: (id) => `Performance profile ${id} deleted`,
    }),
  );
  profile.addCommand(exportCommand(runtime));
  perf.addCommand(profile);
  return perf;
}

function applyCommand(runtime: CliRuntime): Command {
  return mutationCommand(runtime, {
    usage: 'apply',
    description: 'store an SMP PerformanceTestConfig document (YAML or JSON) as a new performance profile',
    options: (c) => c.requiredOption('-f, --file <file>', 'the document (`-` reads standard input)'),
    run: async ({ client }, _args: [], options: { file: string }) => {
      const { document, format } = await readSmpDocument(runtime.terminal, options.file);
      return (await client.request(ImportPerformanceProfileDocument, { document, format }))
        .importPerformanceProfile;
    },
    columns: PROFILE_COLUMNS.slice(0, 4),
    done: (p) => `Performance profile ${p.name} created (${p.id})`,
  });
}

function exportCommand(runtime: CliRuntime): Command {
  return new Command('export')
    .argument('<id>')
    .description(
      'print a profile as an SMP PerformanceTestConfig document (YAML unless -o json or a .json --file)',
    )
    .option('--file <file>', 'write it to this file (mode 0644) instead of standard output')
    .action(async (id: string, options: { file?: string }, command: Command) => {
      const { output } = globalOptions(command);
      const format: SmpDocumentFormat =
        output === 'json' || (output === 'table' && options.file && extname(options.file) === '.json')
          ? 'JSON'
          : 'YAML';
      const { client } = await sessionFor(runtime, command);
      const { exportPerformanceProfile: document } = await client.request(ExportPerformanceProfileDocument, {
        id,
        format,
      });
      const text = document.endsWith('\n') ? document : `${document}\n`;
      if (!options.file) {
        runtime.terminal.out(text);
        return;
      }
      try {
        await writeFile(options.file, text, { mode: 0o644 });
        // The mode given to writeFile applies only to a new file, after the umask.
        await chmod(options.file, 0o644);
      } catch (error) {
        throw new CliError(
          `--file: cannot write ${options.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          ExitCode.USAGE,
          'give a path in a folder that exists and that you may write to',
        );
      }
      runtime.terminal.err(`Performance profile ${id} written to ${options.file} (${format})\n`);
    });
}

/**
 * Reads an SMP document from a file (or standard input for `-`) and tells its format: by the extension, else by its
 * first character. It must parse as one mapping before anything is sent; the server checks the rest.
 */
export async function readSmpDocument(
  terminal: Terminal,
  file: string,
): Promise<{ document: string; format: SmpDocumentFormat }> {
  const source = file === '-' ? 'standard input' : file;
  let document: string;
  try {
    document = file === '-' ? await terminal.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `-f: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ExitCode.USAGE,
      'give the path of an SMP performance profile (YAML or JSON), or - for standard input',
    );
  }
  const extension = file === '-' ? '' : extname(file).toLowerCase();
  const format: SmpDocumentFormat =
    extension === '.json' || (extension === '' && document.trimStart().startsWith('{')) ? 'JSON' : 'YAML';
  let parsed: unknown;
  try {
    parsed = format === 'JSON' ? JSON.parse(document) : parse(document);
  } catch (error) {
    throw new CliError(
      `-f: ${source} is not a ${format} document: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      ExitCode.USAGE,
      'fix the document, or check that its extension (.yaml, .yml, .json) matches what it holds',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(
      `-f: ${source} is not an SMP performance profile: expected a mapping of fields, found ${parsed === null ? 'nothing' : Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`}`,
      ExitCode.USAGE,
      'see `mesheryctl perf apply` for the document format (name, endpoints, duration, …)',
    );
  }
  return { document, format };
}

function generator(value: string): PerformanceGenerator {
  const upper = value.toUpperCase();
  if (!(GENERATORS as readonly string[]).includes(upper)) {
    throw new CliError(
      `--generator: ${value} is not a load generator`,
      ExitCode.USAGE,
      `use one of ${GENERATORS.join(', ')}`,
    );
  }
  return upper as PerformanceGenerator;
}

/** `k=v, k2=v2` of a JSON object of strings; `-` when empty. */
function pairs(value: unknown): string {
  if (value === null || typeof value !== 'object') return '-';
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}
