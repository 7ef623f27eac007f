import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface Kubeconfig {
  clusters: { name: string; server: string; skipTls?: boolean }[];
  users: { name: string; token?: string; exec?: boolean }[];
  contexts: { name: string; cluster: string; user: string }[];
}

/** A kubeconfig document built from parts, so one test can mix good and bad entries. */
export function kubeconfigText(config: Kubeconfig, apiVersion = 'v1'): string {
  return [
    `apiVersion: ${apiVersion}`,
    'kind: Config',
    'clusters:',
    ...config.clusters.map(
      (c) =>
        `- {name: ${c.name}, cluster: {server: "${c.server}"${c.skipTls === false ? '' : ', insecure-skip-tls-verify: true'}}}`,
    ),
    'users:',
    ...config.users.map((u) =>
      u.exec
        ? `- {name: ${u.name}, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh}}}`
        : `- {name: ${u.name}, user: {token: "${u.token}"}}`,
    ),
    'contexts:',
    ...config.contexts.map((c) => `- {name: ${c.name}, context: {cluster: ${c.cluster}, user: ${c.user}}}`),
  ].join('\n');
}

/** A plain HTTP server on loopback answering every request with `handler` (or never, when it does nothing). */
export async function startHttpServer(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function closedPort(): Promise<number> {
  const server = await startHttpServer(() => undefined);
  const port = Number(new URL(server.url).port);
  await server.close();
  return port;
}
