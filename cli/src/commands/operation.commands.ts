import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import {
  AdapterOperationDocument,
  AdapterOperationsDocument,
  AdaptersDocument,
  CancelAdapterOperationDocument,
  RunAdapterOperationDocument,
  type AdapterOperationEventFieldsFragment,
  type AdapterOperationQuery,
  type AdapterOperationRunFieldsFragment,
  type AdapterOperationStatus,
  type MeshplaneClient,
} from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, fitLine, render, table, type Column } from '../output/format.js';
import { paint, type Terminal } from '../output/terminal.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';
import { isUuid } from './resolve.js';

type Run = AdapterOperationRunFieldsFragment;

const STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
const FINAL = new Set<string>(['SUCCEEDED', 'FAILED', 'CANCELLED']);
/** Between two looks at a followed operation. */
const FOLLOW_INTERVAL_MS = 500;

const statusOf = (status: string) =>
  status === 'SUCCEEDED' ? 'green' : status === 'FAILED' || status === 'CANCELLED' ? 'red' : 'yellow';

const RUN_COLUMNS: readonly Column<Run>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'ADAPTER', value: (r) => r.adapterName },
  {
    header: 'OPERATION',
    value: (r) => `${r.operation}${r.delete ? ' (delete)' : ''}${r.dryRun ? ' (dry run)' : ''}`,
  },
  { header: 'STATUS', value: (r) => r.status, style: statusOf },
  { header: 'NAMESPACE', value: (r) => r.namespace },
  { header: 'AGE', value: (r) => age(r.createdAt) },
  { header: 'MESSAGE', value: (r) => r.message },
];

interface RunOptions {
  input?: string;
  inputFile?: string;
  connection?: string;
  namespace?: string;
  delete?: boolean;
  dryRun?: boolean;
  key?: string;
  deadline?: number;
  detach?: boolean;
}

/** `meshplane adapter run <adapter> <operation>`: requests the run, then follows its events until it ends. */
export function adapterRunCommand(runtime: CliRuntime): Command {
  return new Command('run')
    .argument('<adapter>', 'the adapter, by id or name')
    .argument('<operation>', 'an operation of its catalogue (see `meshplane adapter get`)')
    .description("run an adapter's operation (members) and follow its events until it ends")
    .option('--input <json>', 'the input as a JSON object (checked against the operation schema)')
    .option('--input-file <file>', 'the input from a JSON file (- for stdin)')
    .option('--connection <id>', 'the target cluster connection')
    .option('-n, --namespace <namespace>', 'namespace to work in (the operation default otherwise)')
    .option('--delete', 'undo what the operation creates (uninstall)')
    .option('--dry-run', 'report what would change; change nothing')
    .option(
      '--key <key>',
      'idempotency key: the same key returns the same operation instead of running it again',
    )
    .option('--deadline <seconds>', 'fail the operation when not finished by then', positiveInt('--deadline'))
    .option('--detach', 'print the operation and return without following it')
    .action(async (adapterRef: string, operation: string, options: RunOptions, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const adapterId = await resolveAdapter(client, adapterRef);
      const input = await inputOf(runtime, options);
      const { runAdapterOperation: run } = await client.request(RunAdapterOperationDocument, {
        input: {
          adapterId,
          operation,
          input,
          ...(options.connection ? { connectionId: options.connection } : {}),
          ...(options.namespace ? { namespace: options.namespace } : {}),
          ...(options.delete ? { delete: true } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.key ? { idempotencyKey: options.key } : {}),
          ...(options.deadline ? { deadlineSeconds: options.deadline } : {}),
        },
      });
      if (options.detach) {
        render(runtime.terminal, output, run, [run], RUN_COLUMNS);
        runtime.terminal.err(
          `Operation ${run.id} requested; follow it with \`meshplane operation get ${run.id} --follow\`\n`,
        );
        return;
      }
      runtime.terminal.err(`Operation ${run.id}: ${run.operation} on ${run.adapterName}\n`);
      await follow(runtime, client, run.id, output);
    });
}

export function operationCommand(runtime: CliRuntime): Command {
  const operation = new Command('operation').description(
    'operations run through mesh adapters: list, follow, cancel',
  );

  operation.addCommand(
    listCommand(runtime, {
      usage: 'list',
      description: "the organization's adapter operations, newest first",
      options: (c) =>
        c
          .option('--adapter <id>', 'only operations of this adapter')
          .option(
            '--status <status>',
            `only these states, comma-separated (${STATUSES.join(', ')})`,
            statuses,
          )
          .option('--connection <id>', 'only operations on this cluster connection'),
      page: (
        { client },
        _args: [],
        options: { adapter?: string; status?: AdapterOperationStatus[]; connection?: string },
      ) => {
        const filter = {
          ...(options.adapter ? { adapterId: options.adapter } : {}),
          ...(options.status ? { status: options.status } : {}),
          ...(options.connection ? { connectionId: options.connection } : {}),
        };
        return async (first, after) =>
          (await client.request(AdapterOperationsDocument, { first, after, filter })).adapterOperations;
      },
      columns: RUN_COLUMNS,
    }),
  );

  operation.addCommand(
    new Command('get')
      .argument('<id>')
      .description('one operation with its events; with --follow, until it ends')
      .option('-f, --follow', 'keep printing its events until it ends (exit code from its outcome)')
      .action(async (id: string, options: { follow?: boolean }, command: Command) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        if (options.follow) {
          await follow(runtime, client, id, output);
          return;
        }
        const { adapterOperation: op } = await client.request(AdapterOperationDocument, { id });
        const events = op.events.edges.map((e) => e.node);
        if (output !== 'table') {
          render(runtime.terminal, output, { ...op, events }, [], []);
          return;
        }
        const { terminal } = runtime;
        terminal.out(table(terminal, [op], RUN_COLUMNS));
        terminal.out('\nEVENTS\n');
        terminal.out(events.length === 0 ? 'None yet.\n' : table(terminal, events, EVENT_COLUMNS));
      }),
  );

  operation.addCommand(
    mutationCommand(runtime, {
      usage: 'cancel <id>',
      description: 'cancel an operation (members): a pending one at once, a running one through its adapter',
      run: async ({ client }, [id]: [string]) =>
        (await client.request(CancelAdapterOperationDocument, { id })).cancelAdapterOperation,
      columns: RUN_COLUMNS.slice(0, 4),
      done: (r) =>
        FINAL.has(r.status)
          ? `Operation ${r.id} is ${r.status}`
          : `Cancellation of ${r.id} requested; follow it with \`meshplane operation get ${r.id} --follow\``,
    }),
  );
  return operation;
}

const EVENT_COLUMNS: readonly Column<AdapterOperationEventFieldsFragment>[] = [
  { header: '#', value: (e) => e.sequence },
  { header: 'AT', value: (e) => e.at },
  {
    header: 'SEVERITY',
    value: (e) => e.severity,
    style: (s) => (s === 'INFO' || s === 'DEBUG' ? undefined : s === 'WARNING' ? 'yellow' : 'red'),
  },
  { header: 'PROGRESS', value: (e) => (e.progressPercent === null ? null : `${e.progressPercent}%`) },
  { header: 'SUMMARY', value: (e) => e.summary },
];

/**
 * Prints the operation's events as they are stored, until it ends; anything but SUCCEEDED is an error (exit code
 * PARTIAL). Reads the stored events page by page after the last one printed, so nothing is missed or repeated.
 */
export async function follow(
  runtime: CliRuntime,
  client: MeshplaneClient,
  id: string,
  output: ReturnType<typeof globalOptions>['output'],
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const answer: AdapterOperationQuery = await client.request(AdapterOperationDocument, {
      id,
      ...(after ? { eventsAfter: after } : {}),
    });
    const op = answer.adapterOperation;
    for (const { node } of op.events.edges) printEvent(runtime.terminal, output, node);
    after = op.events.pageInfo.endCursor ?? after;
    if (op.events.pageInfo.hasNextPage) continue;
    if (op.status === 'SUCCEEDED') {
      runtime.terminal.err(`SUCCEEDED${op.message ? `: ${op.message}` : ''}\n`);
      return;
    }
    if (FINAL.has(op.status)) {
      throw new CliError(
        `operation ${op.id} ${op.status}${op.message ? `: ${op.message}` : ''}`,
        ExitCode.PARTIAL,
        `see \`meshplane operation get ${op.id}\``,
      );
    }
    await sleep(FOLLOW_INTERVAL_MS);
  }
}

function printEvent(
  terminal: Terminal,
  output: ReturnType<typeof globalOptions>['output'],
  event: AdapterOperationEventFieldsFragment,
): void {
  if (output === 'json') return terminal.out(`${JSON.stringify(event)}\n`);
  if (output === 'yaml') return terminal.out(`---\n${stringify(event)}`);
  const progress = event.progressPercent === null ? '' : ` ${event.progressPercent}%`;
  const severity =
    event.severity === 'INFO'
      ? event.severity
      : paint(terminal, event.severity === 'WARNING' ? 'yellow' : 'red', event.severity);
  const remedy = event.suggestedRemediation.length ? ` (try: ${event.suggestedRemediation.join('; ')})` : '';
  terminal.out(
    `${fitLine(`${event.at}  ${severity}${progress}  ${event.summary}${remedy}`, terminal.width)}\n`,
  );
}

async function resolveAdapter(client: MeshplaneClient, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  const { adapters } = await client.request(AdaptersDocument, { first: 100, filter: {} });
  const matches = adapters.edges.map((e) => e.node).filter((a) => a.name === ref || a.info?.name === ref);
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length === 0)
    throw new CliError(
      `no adapter named ${ref} in this organization`,
      ExitCode.NOT_FOUND,
      'see `meshplane adapter list`',
    );
  throw new CliError(
    `${matches.length} adapters are named ${ref}: ${matches.map((a) => a.id).join(', ')}`,
    ExitCode.USAGE,
    'give the adapter by its id',
  );
}

async function inputOf(runtime: CliRuntime, options: RunOptions): Promise<unknown> {
  if (options.input !== undefined && options.inputFile !== undefined)
    throw new CliError('give --input or --input-file, not both', ExitCode.USAGE);
  let text = options.input;
  const source = options.inputFile === undefined ? '--input' : `--input-file ${options.inputFile}`;
  if (options.inputFile !== undefined) {
    try {
      text =
        options.inputFile === '-'
          ? await runtime.terminal.readStdin()
          : await readFile(options.inputFile, 'utf8');
    } catch (error) {
      throw new CliError(
        `--input-file: cannot read ${options.inputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        ExitCode.USAGE,
      );
    }
  }
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${source}: not JSON (${(error as Error).message})`,
      ExitCode.USAGE,
      'give a JSON object, e.g. \'{"version":"1.22.1"}\'',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CliError(
      `${source}: must be a JSON object`,
      ExitCode.USAGE,
      'give a JSON object, e.g. \'{"version":"1.22.1"}\'',
    );
  return value;
}

function statuses(value: string): AdapterOperationStatus[] {
  return value.split(',').map((part) => {
    const upper = part.trim().toUpperCase();
    if (!(STATUSES as readonly string[]).includes(upper)) {
      throw new CliError(
        `--status: ${part} is not an operation state`,
        ExitCode.USAGE,
        `use one or more of ${STATUSES.join(', ')}, comma-separated`,
      );
    }
    return upper as AdapterOperationStatus;
  });
}
