import { Command } from 'commander';
import { render, type Column } from '../output/format.js';
import { collectPages, type Page } from '../pages.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import type { Session } from '../session/session.js';

/** One page of a connection: `first` items after the cursor `after`. */
export type PageFetcher<T> = (first: number, after: string | undefined) => Promise<Page<T>>;

/** What both shapes declare. Their callbacks receive the arguments in usage order (`[id]: [string]`), then the options. */
interface Shape {
  /** The name and its arguments, as typed: `delete <id>`, `history <kind> <name>`. */
  usage: string;
  description: string;
  /** Options of this command (the global `-o` and `--use-context` come by themselves). */
  options?: (command: Command) => void;
}

export type ListSpec<T, O, A extends string[]> = Shape & {
  /** Table columns; a function when they depend on who asks (e.g. which organization is current). */
  columns: readonly Column<T>[] | ((session: Session) => Promise<readonly Column<T>[]>);
} & (
    | {
        /** A connection: `--limit` is added (default `limit`, else 500) and pages are followed up to it. */
        page: (session: Session, args: A, options: O) => PageFetcher<T> | Promise<PageFetcher<T>>;
        limit?: number;
      }
    | {
        /** A plain list (no paging). */
        all: (session: Session, args: A, options: O) => Promise<readonly T[]>;
      }
  );

/**
 * The shape of every `… list` command: sign in, fetch (following pages up to `--limit`), print a table of `columns`,
 * or the items themselves with `-o json|yaml`.
 */
export function listCommand<T, O = object, A extends string[] = []>(
  runtime: CliRuntime,
  spec: ListSpec<T, O, A>,
): Command {
  const command = declare(spec);
  if ('page' in spec) {
    command.option('--limit <n>', 'at most this many', positiveInt('--limit'), spec.limit ?? 500);
  }
  return command.action(async (...params: unknown[]) => {
    const { args, options, self } = parsed<O & { limit: number }, A>(params);
    const { output } = globalOptions(self);
    const session = await sessionFor(runtime, self);
    const items =
      'page' in spec
        ? (await collectPages(options.limit, await spec.page(session, args, options))).items
        : await spec.all(session, args, options);
    // Columns that need a request (who is current) are worked out only for a table.
    const columns =
      output !== 'table'
        ? []
        : typeof spec.columns === 'function'
          ? await spec.columns(session)
          : spec.columns;
    render(runtime.terminal, output, items, items, columns);
  });
}

export type MutationSpec<R, O, A extends string[]> = Shape & {
  run: (session: Session, args: A, options: O) => Promise<R>;
  /** Print the result as a one-row table (`-o json|yaml`: the result itself). */
  columns?: readonly Column<R>[];
  /** What happened, one line on standard error (data stays on standard output). */
  done?: (result: R, args: A) => string;
};

/**
 * The shape of every command that changes one thing (`create`, `delete`, `revoke`, `disable` …): sign in, call the
 * mutation, then print the result as a table (`columns`) and/or say what happened on standard error (`done`).
 */
export function mutationCommand<R, O = object, A extends string[] = []>(
  runtime: CliRuntime,
  spec: MutationSpec<R, O, A>,
): Command {
  return declare(spec).action(async (...params: unknown[]) => {
    const { args, options, self } = parsed<O, A>(params);
    const { output } = globalOptions(self);
    const session = await sessionFor(runtime, self);
    const result = await spec.run(session, args, options);
    if (spec.columns) render(runtime.terminal, output, result, [result], spec.columns);
    if (spec.done) runtime.terminal.err(`${spec.done(result, args)}\n`);
  });
}

function declare(spec: Shape): Command {
  const [name = '', ...argumentsOf] = spec.usage.split(/\s+/);
  const command = new Command(name).description(spec.description);
  for (const argument of argumentsOf) command.argument(argument);
  spec.options?.(command);
  return command;
}

/** Commander calls an action with the arguments, then the options, then the command itself. */
function parsed<O, A extends string[]>(params: unknown[]): { args: A; options: O; self: Command } {
  return {
    args: params.slice(0, -2) as A,
    options: params.at(-2) as O,
    self: params.at(-1) as Command,
  };
}
