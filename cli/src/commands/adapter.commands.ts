import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import {
  AdapterDocument,
  AdaptersDocument,
  RegisterAdapterDocument,
  UnregisterAdapterDocument,
  type AdapterHealth,
  type AdaptersQuery,
} from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, render, statusStyle, table, type Column } from '../output/format.js';
import { globalOptions, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand, mutationCommand } from './command-shapes.js';
import { adapterRunCommand } from './operation.commands.js';

type Adapter = AdaptersQuery['adapters']['edges'][number]['node'];

const HEALTH = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'UNREACHABLE'] as const;

const ADAPTER_COLUMNS: readonly Column<Adapter>[] = [
  { header: 'NAME', value: (a) => a.name ?? a.info?.name },
  { header: 'ID', value: (a) => a.id },
  // The operator's adapters do not say where they run, except to platform operators.
  { header: 'ADDRESS', value: (a) => a.address ?? '(operator network)' },
  { header: 'HEALTH', value: (a) => a.health.status, style: statusStyle },
  { header: 'MESH', value: (a) => a.info?.mesh },
  { header: 'VERSION', value: (a) => a.info?.version },
  { header: 'SOURCE', value: (a) => (a.operatorConfigured ? 'operator' : 'organization') },
  { header: 'AGE', value: (a) => age(a.createdAt) },
];

export function adapterCommand(runtime: CliRuntime): Command {
  const adapter = new Command('adapter').description(
    'mesh adapters: what they manage, their health and operations',
  );

  adapter.addCommand(
    listCommand(runtime, {
      usage: 'list',
      description: "the organization's adapters and the operator's, oldest first",
      options: (c) =>
        c
          .option(
            '--health <status>',
            `only these health states, comma-separated (${HEALTH.join(', ')})`,
            health,
          )
          .option('--mesh <mesh>', 'only adapters managing this mesh (e.g. istio)'),
      page: ({ client }, _args: [], options: { health?: AdapterHealth[]; mesh?: string }) => {
        const filter = {
          ...(options.health ? { health: options.health } : {}),
          ...(options.mesh ? { mesh: options.mesh } : {}),
        };
        return async (first, after) =>
          (await client.request(AdaptersDocument, { first, after, filter })).adapters;
      },
      columns: ADAPTER_COLUMNS,
    }),
  );

  adapter.addCommand(
    new Command('get')
      .argument('<id>')
      .description('one adapter: its health, what it says about itself, and its operations catalogue')
      .action(async (id: string, _options: unknown, command: Command) => {
        const { output } = globalOptions(command);
        const { client } = await sessionFor(runtime, command);
        const { adapter: a } = await client.request(AdapterDocument, { id });
        if (output !== 'table') {
          render(runtime.terminal, output, a, [], []);
          return;
        }
        const h = a.health;
        const fields: [string, string][] = [
          ['NAME', a.name ?? a.info?.name ?? '-'],
          ['ID', a.id],
          [
            'ADDRESS',
            a.address === null ? '(operator network)' : `${a.address}${a.tls ? ' (TLS)' : ' (plaintext)'}`,
          ],
          ['SOURCE', a.operatorConfigured ? 'operator (ADAPTERS)' : 'organization'],
          [
            'HEALTH',
            `${h.status}${h.lastError ? `: ${h.lastError}` : ''}${h.consecutiveFailures > 0 ? ` (${h.consecutiveFailures} failures in a row)` : ''}`,
          ],
          ['LAST CHECKED', h.lastCheckedAt ?? 'never'],
          ['NEXT CHECK', h.nextCheckAt],
          [
            'MESH',
            a.info ? `${a.info.mesh} (${a.info.supportedMeshVersions.join(', ') || 'any version'})` : '-',
          ],
          ['VERSION', a.info?.version ?? '-'],
          ['FEATURES', a.info?.features.join(', ') ?? '-'],
          ['COMPONENTS', a.components.map((c) => c.kind).join(', ')],
        ];
        const { terminal } = runtime;
        terminal.out(
          table(terminal, fields, [
            { header: 'FIELD', value: (row) => row[0] },
            { header: 'VALUE', value: (row) => row[1] },
          ]),
        );
        terminal.out('\nOPERATIONS\n');
        terminal.out(
          a.operations.length === 0
            ? 'None known yet (the catalogue is read once the adapter is reached).\n'
            : table(terminal, a.operations, [
                { header: 'NAME', value: (o) => o.name },
                { header: 'CATEGORY', value: (o) => o.category },
                { header: 'VERSIONS', value: (o) => o.versions.join(',') || 'all' },
                { header: 'DRY-RUN', value: (o) => (o.supportsDryRun ? 'yes' : 'no') },
                { header: 'DELETE', value: (o) => (o.supportsDelete ? 'yes' : 'no') },
                { header: 'DESCRIPTION', value: (o) => o.description || o.displayName },
              ]),
        );
      }),
  );

  adapter.addCommand(
    mutationCommand(runtime, {
      usage: 'register',
      description: 'register an adapter for the organization (admins); its first health check starts at once',
      options: (c) =>
        c
          .requiredOption('--address <host:port>', 'where it listens ([v6]:port for IPv6)')
          .option(
            '--ca-file <file>',
            'PEM of the CA its certificate chains to (TLS; without it: plaintext, loopback only)',
          )
          .option('--server-name <name>', 'name its certificate must carry (default: the host of --address)'),
      run: async ({ client }, _args: [], options: RegisterOptions) => {
        const tls = await tlsInput(options);
        return (
          await client.request(RegisterAdapterDocument, {
            input: { address: options.address, ...(tls ? { tls } : {}) },
          })
        ).registerAdapter;
      },
      columns: ADAPTER_COLUMNS.slice(0, 4),
      done: (a) => `Adapter ${a.address} registered (${a.id}); see \`meshplane adapter get ${a.id}\``,
    }),
  );

  adapter.addCommand(
    mutationCommand(runtime, {
      usage: 'unregister <id>',
      description: "remove one of the organization's adapters (admins)",
      run: async ({ client }, [id]: [string]) => {
        const { unregisterAdapter } = await client.request(UnregisterAdapterDocument, { id });
        if (!unregisterAdapter)
          throw new CliError(
            `no adapter ${id} to unregister`,
            ExitCode.NOT_FOUND,
            'see `meshplane adapter list`',
          );
        return id;
      },
      done: (id) => `Adapter ${id} unregistered`,
    }),
  );
  adapter.addCommand(adapterRunCommand(runtime));
  return adapter;
}

interface RegisterOptions {
  address: string;
  caFile?: string;
  serverName?: string;
}

async function tlsInput(
  options: RegisterOptions,
): Promise<{ caPem: string; serverName?: string } | undefined> {
  if (!options.caFile) {
    if (options.serverName)
      throw new CliError(
        '--server-name needs --ca-file',
        ExitCode.USAGE,
        'give the CA of the adapter with --ca-file',
      );
    return undefined;
  }
  let caPem: string;
  try {
    caPem = await readFile(options.caFile, 'utf8');
  } catch (error) {
    throw new CliError(
      `--ca-file: cannot read ${options.caFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ExitCode.USAGE,
      'give the path of a PEM file holding the CA certificate(s)',
    );
  }
  if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
    throw new CliError(
      `--ca-file: ${options.caFile} holds no PEM certificate`,
      ExitCode.USAGE,
      'give a PEM file (-----BEGIN CERTIFICATE----- …)',
    );
  return { caPem, ...(options.serverName ? { serverName: options.serverName } : {}) };
}

function health(value: string): AdapterHealth[] {
  return value.split(',').map((part) => {
    const upper = part.trim().toUpperCase().replace(/-/g, '_');
    if (!(HEALTH as readonly string[]).includes(upper)) {
      throw new CliError(
        `--health: ${part} is not an adapter health state`,
        ExitCode.USAGE,
        `use one or more of ${HEALTH.join(', ')}, comma-separated`,
      );
    }
    return upper as AdapterHealth;
  });
}
