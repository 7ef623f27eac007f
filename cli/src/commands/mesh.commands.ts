import { Command } from 'commander';
import {
  AdapterDocument,
  AdapterOperationDocument,
  AdapterOperationsDocument,
  AdaptersDocument,
  RunAdapterOperationDocument,
  type AdapterQuery,
  type MeshplaneClient,
} from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import { follow } from './operation.commands.js';
import { isUuid, resolveCluster } from './resolve.js';

interface MeshOptions {
  version?: string;
  cluster: string;
  namespace?: string;
  adapter?: string;
  dryRun?: boolean;
  key?: string;
  deadline?: number;
  detach?: boolean;
}

type Verb = 'install' | 'upgrade' | 'uninstall';

/**
 * `meshplane mesh install|upgrade|uninstall <mesh>`: the mesh's adapter (the one SERVING adapter that manages it, or
 * `--adapter`) runs its install operation on a cluster, followed live until it ends. An upgrade is an install of
 * another version over the installed one (the adapter prunes what the new version no longer has); an uninstall is
 * the install operation with delete, removing exactly what the adapter installed.
 */
export function meshCommand(runtime: CliRuntime): Command {
  const mesh = new Command('mesh').description(
    'install, upgrade and uninstall a service mesh on a cluster through its adapter',
  );
  const verbs: { verb: Verb; description: string }[] = [
    {
      verb: 'install',
      description: 'install a version of the mesh on a cluster (members), following its events',
    },
    { verb: 'upgrade', description: 'install another version over the installed one (members)' },
    {
      verb: 'uninstall',
      description: 'remove what the adapter installed for the mesh on the cluster (members)',
    },
  ];
  for (const { verb, description } of verbs) {
    const command = new Command(verb)
      .argument('<mesh>', 'the mesh, as its adapter names it (e.g. istio, linkerd)')
      .description(description)
      .requiredOption('--cluster <cluster>', 'the cluster, by name or id');
    if (verb === 'uninstall')
      command.option('--version <version>', 'the installed version, if the adapter asks');
    else command.requiredOption('--version <version>', 'the mesh version (see `meshplane adapter get`)');
    command
      .option('-n, --namespace <namespace>', "the mesh's namespace (the adapter's default otherwise)")
      .option('--adapter <adapter>', 'the adapter to use, by id or name, when several manage the mesh')
      .option('--dry-run', 'report what would change; change nothing')
      .option('--key <key>', 'idempotency key: the same key returns the same operation')
      .option(
        '--deadline <seconds>',
        'fail the operation when not finished by then',
        positiveInt('--deadline'),
      )
      .option('--detach', 'print the operation id and return without following it')
      .action(async (meshName: string, options: MeshOptions, cmd: Command) => {
        const { output } = globalOptions(cmd);
        const { client } = await sessionFor(runtime, cmd);
        const cluster = await resolveCluster(client, options.cluster);
        const connection = pickConnection(cluster.connections, cluster.name);
        const adapter = await meshAdapter(client, meshName, options.adapter);
        const install = installOperation(adapter, meshName);
        if (
          options.version !== undefined &&
          install.versions.length > 0 &&
          !install.versions.includes(options.version)
        )
          throw new CliError(
            `${adapter.name ?? adapter.id} does not install ${meshName} ${options.version}`,
            ExitCode.USAGE,
            `versions it installs: ${install.versions.join(', ')}`,
          );
        if (verb === 'uninstall' && !install.supportsDelete)
          throw new CliError(
            `${adapter.name ?? adapter.id}'s ${install.name} cannot be undone`,
            ExitCode.USAGE,
          );
        // The install operation's input names a version even to undo it: by default, the one last installed here.
        if (verb === 'uninstall' && options.version === undefined)
          options.version = await installedVersion(client, adapter.id, connection.id, install.name, meshName);
        const { runAdapterOperation: op } = await client.request(RunAdapterOperationDocument, {
          input: {
            adapterId: adapter.id,
            operation: install.name,
            input: options.version === undefined ? {} : { version: options.version },
            connectionId: connection.id,
            ...(options.namespace ? { namespace: options.namespace } : {}),
            ...(verb === 'uninstall' ? { delete: true } : {}),
            ...(options.dryRun ? { dryRun: true } : {}),
            ...(options.key ? { idempotencyKey: options.key } : {}),
            ...(options.deadline ? { deadlineSeconds: options.deadline } : {}),
          },
        });
        const what = `${verb} ${meshName}${options.version ? ` ${options.version}` : ''} on ${cluster.name}`;
        if (options.detach) {
          runtime.terminal.out(`${op.id}\n`);
          runtime.terminal.err(
            `${what}: operation ${op.id}; follow it with \`meshplane operation get ${op.id} --follow\`\n`,
          );
          return;
        }
        runtime.terminal.err(`${what} through ${op.adapterName}: operation ${op.id}\n`);
        await follow(runtime, client, op.id, output);
      });
    mesh.addCommand(command);
  }
  return mesh;
}

/** The version of the newest succeeded install (not an uninstall) of the adapter on the connection. */
async function installedVersion(
  client: MeshplaneClient,
  adapterId: string,
  connectionId: string,
  operation: string,
  mesh: string,
): Promise<string> {
  const { adapterOperations } = await client.request(AdapterOperationsDocument, {
    first: 50,
    filter: { adapterId, connectionId, status: ['SUCCEEDED'] },
  });
  const last = adapterOperations.edges
    .map((e) => e.node)
    .find((op) => op.operation === operation && !op.delete && !op.dryRun);
  const { adapterOperation } = last
    ? await client.request(AdapterOperationDocument, { id: last.id })
    : { adapterOperation: undefined };
  const input = adapterOperation?.input as { version?: unknown } | undefined;
  if (typeof input?.version !== 'string')
    throw new CliError(
      `no install of ${mesh} through this adapter is recorded on the cluster`,
      ExitCode.NOT_FOUND,
      'give the installed version with --version',
    );
  return input.version;
}

type Connection = { id: string; name: string; status: string };

/** The cluster's connection to act through: a connected one first. */
function pickConnection(connections: readonly Connection[], clusterName: string): Connection {
  const chosen = connections.find((c) => c.status === 'CONNECTED') ?? connections[0];
  if (!chosen)
    throw new CliError(
      `cluster ${clusterName} has no connection`,
      ExitCode.NOT_FOUND,
      'import its kubeconfig: `meshplane cluster import`',
    );
  return chosen;
}

type AdapterDetail = NonNullable<AdapterQuery['adapter']>;

async function meshAdapter(
  client: MeshplaneClient,
  mesh: string,
  ref: string | undefined,
): Promise<AdapterDetail> {
  let id: string;
  if (ref !== undefined && isUuid(ref)) id = ref;
  else {
    const { adapters } = await client.request(AdaptersDocument, {
      first: 100,
      filter: ref === undefined ? { mesh } : {},
    });
    const all = adapters.edges.map((e) => e.node);
    const candidates =
      ref === undefined
        ? all.filter((a) => a.health.status === 'SERVING')
        : all.filter((a) => a.name === ref || a.info?.name === ref);
    const first = candidates[0];
    if (!first)
      throw new CliError(
        ref === undefined
          ? `no serving adapter manages ${mesh}${all.length > 0 ? ` (${all.length} known, none SERVING)` : ''}`
          : `no adapter named ${ref} in this organization`,
        ExitCode.NOT_FOUND,
        'see `meshplane adapter list`; an admin adds one with `meshplane adapter register`',
      );
    if (candidates.length > 1)
      throw new CliError(
        `${candidates.length} adapters manage ${mesh}: ${candidates.map((a) => a.name ?? a.id).join(', ')}`,
        ExitCode.USAGE,
        'choose one with --adapter',
      );
    id = first.id;
  }
  const { adapter } = await client.request(AdapterDocument, { id });
  if (!adapter) throw new CliError(`no adapter ${id} in this organization`, ExitCode.NOT_FOUND);
  if (adapter.info?.mesh && adapter.info.mesh !== mesh)
    throw new CliError(
      `${adapter.name ?? adapter.id} manages ${adapter.info.mesh}, not ${mesh}`,
      ExitCode.USAGE,
    );
  return adapter;
}

/** The adapter's install operation: the one of category install (named install when there are several). */
function installOperation(adapter: AdapterDetail, mesh: string): AdapterDetail['operations'][number] {
  const installs = adapter.operations.filter((o) => o.category.toLowerCase() === 'install');
  const chosen = installs.length === 1 ? installs[0] : installs.find((o) => o.name === 'install');
  if (!chosen)
    throw new CliError(
      `${adapter.name ?? adapter.id} has ${installs.length === 0 ? 'no' : 'more than one'} install operation for ${mesh}`,
      ExitCode.USAGE,
      `see \`meshplane adapter get ${adapter.id}\` and run one with \`meshplane adapter run\``,
    );
  return chosen;
}
