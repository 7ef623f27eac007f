import { Command } from 'commander';
import {
  DetectMeshesDocument,
  MeshesDocument,
  ResourceChangedDocument,
  ResourceHistoryDocument,
  ResourcesDocument,
  SystemEventFeedDocument,
  SystemEventsDocument,
  type ResourceFilter,
  type SubscriptionTransport,
} from '@meshplane/client';
import { stringify } from 'yaml';
import { CliError, ExitCode } from '../exit-codes.js';
import { age, fitLine, render, statusStyle, type OutputFormat } from '../output/format.js';
import { paint, type Terminal } from '../output/terminal.js';
import { collectPages } from '../pages.js';
import { globalOptions, positiveInt, sessionFor, type CliRuntime } from '../runtime.js';
import { listCommand } from './command-shapes.js';
import { resolveCluster } from './resolve.js';

export function inventoryCommands(runtime: CliRuntime): Command[] {
  return [resourcesCommand(runtime), meshesCommand(runtime), eventsCommand(runtime)];
}

interface ResourceOptions {
  namespace?: string;
  selector?: string;
  cluster?: string;
  name?: string;
  includeDeleted?: boolean;
  limit: number;
}

function resourcesCommand(runtime: CliRuntime): Command {
  const resources = new Command('resources').description('what discovery found in the clusters');
  resources.addCommand(
    listCommand(runtime, {
      usage: 'get <kind>',
      description: 'resources of one kind (as Kubernetes names it: Deployment, ConfigMap, …)',
      options: (c) =>
        c
          .option('-n, --namespace <namespace>', 'only this namespace')
          .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=cache')
          .option('--cluster <cluster>', 'only this cluster (name or id)')
          .option('--name <text>', 'only resources whose name contains this')
          .option('--include-deleted', 'also list what has been deleted'),
      page: async ({ client }, [kind]: [string], options: ResourceOptions) => {
        const clusterId = options.cluster ? (await resolveCluster(client, options.cluster)).id : undefined;
        const filter: ResourceFilter = {
          kinds: [kind],
          ...(options.namespace ? { namespace: options.namespace } : {}),
          ...(options.selector ? { labelSelector: options.selector } : {}),
          ...(options.name ? { nameContains: options.name } : {}),
          ...(clusterId ? { clusterId } : {}),
          ...(options.includeDeleted ? { includeDeleted: true } : {}),
        };
        return async (first, after) =>
          (await client.request(ResourcesDocument, { first, after, filter })).resources;
      },
      columns: [
        { header: 'NAMESPACE', value: (r) => r.namespace },
        { header: 'NAME', value: (r) => r.name },
        { header: 'KIND', value: (r) => r.kind },
        { header: 'CLUSTER', value: (r) => r.clusterId.slice(0, 8) },
        { header: 'STATE', value: (r) => (r.deleted ? 'DELETED' : 'live'), style: statusStyle },
        { header: 'UPDATED', value: (r) => age(r.updatedAt) },
      ],
    }),
  );
  resources.addCommand(
    listCommand(runtime, {
      usage: 'history <kind> <name>',
      description: 'the stored states of one resource, newest first',
      options: (c) =>
        c
          .option('-n, --namespace <namespace>', 'its namespace')
          .option('--cluster <cluster>', 'its cluster (name or id), when several clusters have it'),
      limit: 50,
      page: async ({ client }, [kind, name]: [string, string], options: ResourceOptions) => {
        const clusterId = options.cluster ? (await resolveCluster(client, options.cluster)).id : undefined;
        const { resources } = await client.request(ResourcesDocument, {
          first: 100,
          filter: {
            kinds: [kind],
            nameContains: name,
            includeDeleted: true,
            ...(options.namespace ? { namespace: options.namespace } : {}),
            ...(clusterId ? { clusterId } : {}),
          },
        });
        const matches = resources.edges.map((e) => e.node).filter((r) => r.name === name);
        const where = `${kind} ${options.namespace ? `${options.namespace}/` : ''}${name}`;
        if (matches.length === 0)
          throw new CliError(
            `no ${where} in the inventory`,
            ExitCode.NOT_FOUND,
            `see \`meshplane resources get ${kind}\``,
          );
        const clusters = new Set(matches.map((r) => `${r.clusterId}/${r.uid}`));
        if (clusters.size > 1) {
          throw new CliError(
            `${clusters.size} objects match ${where}`,
            ExitCode.USAGE,
            'narrow it with -n and --cluster',
          );
        }
        const target = matches[0];
        if (!target) throw new CliError(`no ${where} in the inventory`, ExitCode.NOT_FOUND);
        return async (first, after) =>
          (
            await client.request(ResourceHistoryDocument, {
              clusterId: target.clusterId,
              uid: target.uid,
              first,
              after,
            })
          ).resourceHistory;
      },
      columns: [
        { header: 'RESOURCE VERSION', value: (h) => h.resourceVersion },
        { header: 'CHANGE', value: (h) => h.changeType, style: statusStyle },
        { header: 'AT', value: (h) => h.at },
        { header: 'AGE', value: (h) => age(h.at) },
      ],
    }),
  );
  return resources;
}

function meshesCommand(runtime: CliRuntime): Command {
  return listCommand(runtime, {
    usage: 'meshes <cluster>',
    description: 'the service meshes recognised in a cluster (by name or id)',
    options: (c) => c.option('--detect', 'run detection now instead of showing the last result'),
    all: async ({ client }, [ref]: [string], options: { detect?: boolean }) => {
      const { id } = await resolveCluster(client, ref);
      return options.detect
        ? (await client.request(DetectMeshesDocument, { clusterId: id })).detectMeshes
        : (await client.request(MeshesDocument, { clusterId: id })).meshes;
    },
    columns: [
      { header: 'MESH', value: (m) => m.meshId },
      { header: 'NAME', value: (m) => m.name },
      { header: 'VERSION', value: (m) => m.version },
      { header: 'PROXIES', value: (m) => m.proxyCount },
    ],
  });
}

interface EventOptions {
  watch?: boolean;
  system?: boolean;
  kind?: string[];
  namespace?: string;
  cluster?: string;
  service?: string[];
  transport: string;
  limit: number;
}

function eventsCommand(runtime: CliRuntime): Command {
  return new Command('events')
    .description(
      'the system event log; with --watch, live changes of resources (or, with --system, system events)',
    )
    .option('-w, --watch', 'stream events as they happen until Ctrl-C')
    .option('--system', 'with --watch: system events instead of resource changes')
    .option('--kind <kind...>', 'resource changes of these kinds only')
    .option('-n, --namespace <namespace>', 'resource changes in this namespace only')
    .option('--cluster <cluster>', 'resource changes of this cluster only (name or id)')
    .option('--service <service...>', 'system events of these services only')
    .option('--transport <transport>', 'ws (graphql-ws) or sse', 'ws')
    .option('--limit <n>', 'without --watch: at most this many', positiveInt('--limit'), 50)
    .action(async (options: EventOptions, command: Command) => {
      const { output } = globalOptions(command);
      const { client } = await sessionFor(runtime, command);
      if (!options.watch) {
        const filter = options.service ? { services: options.service } : {};
        const { items } = await collectPages(
          options.limit,
          async (first, after) =>
            (await client.request(SystemEventsDocument, { first, after, filter })).systemEvents,
        );
        render(runtime.terminal, output, items, items, [
          { header: 'AT', value: (e) => e.at },
          { header: 'SERVICE', value: (e) => e.service },
          { header: 'KIND', value: (e) => e.kind },
          {
            header: 'SEVERITY',
            value: (e) => e.severity,
            style: (s) => (s === 'INFO' ? undefined : s === 'ERROR' ? 'red' : 'yellow'),
          },
          { header: 'MESSAGE', value: (e) => e.message },
        ]);
        return;
      }
      const transport = options.transport as SubscriptionTransport;
      if (transport !== 'ws' && transport !== 'sse')
        throw new CliError(`--transport: ${options.transport} is not ws or sse`, ExitCode.USAGE);
      const live = options.system
        ? client.subscribe(
            SystemEventFeedDocument,
            { filter: options.service ? { services: options.service } : {} },
            { transport },
          )
        : client.subscribe(
            ResourceChangedDocument,
            {
              filter: {
                ...(options.kind ? { kinds: options.kind } : {}),
                ...(options.namespace ? { namespace: options.namespace } : {}),
                ...(options.cluster ? { clusterId: (await resolveCluster(client, options.cluster)).id } : {}),
              },
            },
            { transport },
          );
      const stop = () => void live.close();
      process.once('SIGINT', stop);
      try {
        await live.connected;
        runtime.terminal.err(paint(runtime.terminal, 'dim', `watching (${transport}); Ctrl-C to stop\n`));
        for await (const event of live) printEvent(runtime.terminal, output, event);
      } finally {
        process.off('SIGINT', stop);
        await live.close();
      }
    });
}

/** One line per event (cut to the terminal), one JSON document per line with -o json, YAML documents with -o yaml. */
function printEvent(terminal: Terminal, output: OutputFormat, event: Record<string, unknown>): void {
  const payload = (Object.values(event)[0] ?? {}) as Record<string, unknown>;
  if (output === 'json') return terminal.out(`${JSON.stringify(payload)}\n`);
  if (output === 'yaml') return terminal.out(`---\n${stringify(payload)}`);
  const text = (field: string) => (typeof payload[field] === 'string' ? payload[field] : '');
  const fields =
    'changeType' in payload
      ? [
          text('observedAt'),
          paint(
            terminal,
            statusStyle(text('changeType') === 'UPSERT' ? 'true' : 'false'),
            text('changeType'),
          ),
          text('kind'),
          text('namespace') ? `${text('namespace')}/${text('name')}` : text('name'),
        ]
      : [text('at'), text('service'), text('kind'), text('message')];
  terminal.out(`${fitLine(fields.join('  '), terminal.width)}\n`);
}
