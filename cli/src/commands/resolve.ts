import { ClusterDocument, ClustersDocument, MembersDocument, type MeshplaneClient } from '@meshplane/client';
import { CliError, ExitCode } from '../exit-codes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A cluster given by id or by its exact name; a name two clusters share must be given as an id. */
export async function resolveCluster(client: MeshplaneClient, ref: string) {
  if (isUuid(ref)) {
    const { cluster } = await client.request(ClusterDocument, { id: ref });
    if (!cluster) throw clusterNotFound(ref);
    return cluster;
  }
  const { clusters } = await client.request(ClustersDocument, { first: 100, filter: { nameContains: ref } });
  const matches = clusters.edges.map((e) => e.node).filter((c) => c.name === ref);
  if (matches.length === 0) throw clusterNotFound(ref);
  if (matches.length > 1) {
    throw new CliError(
      `${matches.length} clusters are named ${ref}: ${matches.map((c) => c.id).join(', ')}`,
      ExitCode.USAGE,
      'give the cluster by its id',
    );
  }
  const { cluster } = await client.request(ClusterDocument, { id: matches[0]?.id ?? '' });
  if (!cluster) throw clusterNotFound(ref);
  return cluster;
}

function clusterNotFound(ref: string): CliError {
  return new CliError(
    `no cluster ${ref} in this organization`,
    ExitCode.NOT_FOUND,
    'see `meshplane cluster list`',
  );
}

/** A member given by user id or by e-mail address (case-insensitive): what the command needs to name it. */
export async function resolveMember(
  client: MeshplaneClient,
  ref: string,
): Promise<{ userId: string; email: string }> {
  if (isUuid(ref)) return { userId: ref, email: ref };
  if (!ref.includes('@')) {
    throw new CliError(
      `${ref} is neither a user id nor an e-mail address`,
      ExitCode.USAGE,
      'see `meshplane user list`',
    );
  }
  const { members } = await client.request(MembersDocument, { first: 100, filter: { emailContains: ref } });
  const found = members.edges.map((e) => e.node).find((m) => m.email.toLowerCase() === ref.toLowerCase());
  if (!found) {
    throw new CliError(
      `no member ${ref} in this organization`,
      ExitCode.NOT_FOUND,
      'see `meshplane user list`',
    );
  }
  return found;
}
