import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import {
  ClusterSyncStatusDocument,
  ClustersDocument,
  DeleteConnectionDocument,
  ImportKubeconfigDocument,
  PingConnectionDocument,
  ResyncClusterDocument,
  type ClusterStatus,
  type MeshplaneClient,
} from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, render, statusStyle } from '../output/format.js';
import { startSpinner, type Terminal } from '../output/terminal.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand } from './command-shapes.js';
import { resolveCluster } from './resolve.js';

export function clusterCommand(runtime: CliRuntime): Command {
  const cluster = new Command('cluster').description('Kubernetes clusters of the organization');

  cluster
    .command('import <kubeconfig>')
    .description('connect the clusters of a kubeconfig file (`-` reads standard input)')
    .option('--context <name...>', 'only these contexts of the file (default: every context)')
    .option('--name-prefix <prefix>', 'prefix for the names of the new connections')
    .option('--wait', 'wait until discovery has listed every kind of each new cluster')
    .option('--timeout <seconds>', 'how long --wait waits', positiveInt('--timeout'), 300)
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const { output } = globalOptions(command);
      const kubeconfig = await readKubeconfig(runtime.terminal, file);
      const { client } = await sessionFor(runtime, command);
      const spinner = startSpinner(runtime.terminal, 'importing and probing each context');
      const { importKubeconfig } = await client
        .request(ImportKubeconfigDocument, {
          input: {
            kubeconfig,
            ...(options.context ? { contexts: options.context } : {}),
            ...(options.namePrefix ? { namePrefix: options.namePrefix } : {}),
          },
        })
        .finally(() => spinner.stop());
      const results = importKubeconfig.results;
      if (options.wait) {
        const clusterIds = [
          ...new Set(results.flatMap((r) => (r.connection?.cluster ? [r.connection.cluster.id] : []))),
        ];
        for (const id of clusterIds) await waitForSync(runtime.terminal, client, id, options.timeout);
      }
      render(runtime.terminal, output, importKubeconfig, results, [
        { header: 'CONTEXT', value: (r) => r.context },
        { header: 'CLUSTER', value: (r) => r.connection?.cluster?.name },
        { header: 'CLUSTER ID', value: (r) => r.connection?.cluster?.id },
        { header: 'STATUS', value: (r) => r.connection?.status ?? 'REFUSED', style: statusStyle },
        { header: 'VERSION', value: (r) => r.connection?.cluster?.version },
        {
          header: 'MESSAGE',
          value: (r) =>
            r.error
              ? `${r.error.field ? `${r.error.field}: ` : ''}${r.error.message}`
              : r.connection?.statusMessage,
        },
      ]);
      const refused = results.filter((r) => r.error || !r.connection);
      if (refused.length > 0) {
        throw new CliError(
          `${refused.length} of ${results.length} contexts were not imported: ${refused.map((r) => `${r.context} (${r.error?.code ?? 'refused'})`).join(', ')}`,
          ExitCode.PARTIAL,
          'fix the named fields of those contexts in the kubeconfig and import them again with --context',
        );
      }
    });

  cluster.addCommand(
    listCommand(runtime, {
      usage: 'list',
      description: 'clusters of the organization',
      options: (c) =>
        c
          .option('--status <status>', 'only CONNECTED or DISCONNECTED ones')
          .option('--name <text>', 'only clusters whose name contains this'),
      page: ({ client }, _args: [], options: { status?: string; name?: string }) => {
        const filter = {
          ...(options.status ? { status: [clusterStatus(options.status)] } : {}),
          ...(options.name ? { nameContains: options.name } : {}),
        };
        return async (first, after) =>
          (await client.request(ClustersDocument, { first, after, filter })).clusters;
      },
      columns: [
        { header: 'NAME', value: (c) => c.name },
        { header: 'ID', value: (c) => c.id },
        { header: 'STATUS', value: (c) => c.status, style: statusStyle },
        { header: 'VERSION', value: (c) => c.version },
        { header: 'NODES', value: (c) => c.nodeCount },
        { header: 'AGE', value: (c) => age(c.firstSeen) },
      ],
    }),
  );

  cluster
    .command('get <cluster>')
    .description('one cluster (by name or id), its connections and its discovery state')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const found = await resolveCluster(client, ref);
      const { clusterSyncStatus } = await client.request(ClusterSyncStatusDocument, { clusterId: found.id });
      const view = { ...found, sync: clusterSyncStatus };
      render(
        runtime.terminal,
        output,
        view,
        [
          ['NAME', found.name],
          ['ID', found.id],
          ['STATUS', found.status],
          ['VERSION', found.version],
          ['NODES', String(found.nodeCount)],
          ['KUBE-SYSTEM UID', found.kubeSystemUid],
          [
            'SYNC',
            clusterSyncStatus
              ? `${clusterSyncStatus.phase} (${clusterSyncStatus.kindsCommitted}/${clusterSyncStatus.kindsTotal} kinds)`
              : 'not synced yet',
          ],
          ...found.connections.map((c) => [`CONNECTION ${c.name}`, `${c.status} ${c.server}`] as const),
        ] as const,
        [
          { header: 'FIELD', value: (row) => row[0] },
          { header: 'VALUE', value: (row) => row[1] },
        ],
      );
    });

  cluster
    .command('ping <cluster>')
    .description('probe every connection of a cluster now')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      const found = await resolveCluster(client, ref);
      const spinner = startSpinner(runtime.terminal, `probing ${found.name}`);
      const pinged = [];
      try {
        for (const connection of found.connections)
          pinged.push((await client.request(PingConnectionDocument, { id: connection.id })).pingConnection);
      } finally {
        spinner.stop();
      }
      render(runtime.terminal, output, pinged, pinged, [
        { header: 'CONNECTION', value: (c) => c.name },
        { header: 'STATUS', value: (c) => c.status, style: statusStyle },
        { header: 'MESSAGE', value: (c) => c.statusMessage },
      ]);
      if (pinged.some((c) => c.status !== 'CONNECTED')) {
        throw new CliError(`${found.name} is not reachable through every connection`, ExitCode.PARTIAL);
      }
    });

  cluster
    .command('resync <cluster>')
    .description('list every kind of a cluster again')
    .option('--wait', 'wait until the new sync has completed')
    .option('--timeout <seconds>', 'how long --wait waits', positiveInt('--timeout'), 300)
    .action(async (ref: string, options: { wait?: boolean; timeout: number }, command: Command) => {
      const { client } = await sessionFor(runtime, command);
      const found = await resolveCluster(client, ref);
      await client.request(ResyncClusterDocument, { clusterId: found.id });
      if (options.wait) {
        // The resync is asynchronous: give discovery a moment to leave SYNCED before waiting for it to return.
        await sleep(1_000);
        await waitForSync(runtime.terminal, client, found.id, options.timeout);
      }
      runtime.terminal.err(`Resync of ${found.name} ${options.wait ? 'completed' : 'requested'}\n`);
    });

  cluster
    .command('delete <cluster>')
    .description('delete every connection of a cluster (its inventory goes with them)')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (ref: string, options: { yes?: boolean }, command: Command) => {
      const { client } = await sessionFor(runtime, command);
      const found = await resolveCluster(client, ref);
      if (!options.yes) {
        if (!runtime.terminal.interactive)
          throw new CliError(
            `deleting ${found.name} needs --yes when there is no terminal to confirm on`,
            ExitCode.USAGE,
          );
        const answer = await runtime.terminal.promptSecret(
          `Delete cluster ${found.name} (${found.connections.length} connections)? Type its name to confirm: `,
          { echo: true },
        );
        if (answer.trim() !== found.name)
          throw new CliError('not confirmed; nothing was deleted', ExitCode.USAGE);
      }
      for (const connection of found.connections)
        await client.request(DeleteConnectionDocument, { id: connection.id });
      runtime.terminal.err(`Deleted ${found.connections.length} connections of ${found.name}\n`);
    });

  return cluster;
}

function clusterStatus(value: string): ClusterStatus {
  const status = value.toUpperCase();
  if (status !== 'CONNECTED' && status !== 'DISCONNECTED') {
    throw new CliError(
      `--status: ${value} is not a cluster status`,
      ExitCode.USAGE,
      'use CONNECTED or DISCONNECTED',
    );
  }
  return status;
}

interface ImportOptions {
  context?: string[];
  namePrefix?: string;
  wait?: boolean;
  timeout: number;
}

async function readKubeconfig(terminal: Terminal, file: string): Promise<string> {
  if (file === '-') return terminal.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ExitCode.USAGE,
      'give the path of a kubeconfig file, or - for standard input',
    );
  }
}

/** Polls the sync state with a spinner until SYNCED; ERROR or the timeout ends the wait with an error. */
export async function waitForSync(
  terminal: Terminal,
  client: MeshplaneClient,
  clusterId: string,
  timeoutSeconds: number,
): Promise<void> {
  const spinner = startSpinner(terminal, 'waiting for discovery');
  const deadline = Date.now() + timeoutSeconds * 1000;
  try {
    for (;;) {
      const { clusterSyncStatus: status } = await client.request(ClusterSyncStatusDocument, { clusterId });
      if (status?.phase === 'SYNCED') return;
      if (status?.phase === 'ERROR')
        throw new CliError(
          `discovery of ${clusterId} failed: ${status.error ?? 'no detail'}`,
          ExitCode.SERVER,
        );
      spinner.update(
        status
          ? `${status.phase.toLowerCase()}: ${status.kindsCommitted}/${status.kindsTotal} kinds, ${status.objectsCommitted} objects`
          : 'waiting for discovery to start',
      );
      if (Date.now() > deadline)
        throw new CliError(
          `${clusterId} did not finish syncing within ${timeoutSeconds} s`,
          ExitCode.SERVER,
          'raise --timeout, or check `meshplane cluster get`',
        );
      await sleep(1_000);
    }
  } finally {
    spinner.stop();
  }
}
