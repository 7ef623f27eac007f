import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServer, type NatsServer } from '@meshplane/local-infra';

/**
 * A private nats-server with JetStream on a free port and a temporary store removed on stop(): cheap
 * enough (tens of ms) for every test file to own one, so streams and consumers never leak between files.
 */
export async function startTestNats(): Promise<NatsServer> {
  const storeDir = await mkdtemp(join(tmpdir(), 'meshplane-test-nats-'));
  await chmod(storeDir, 0o755);
  return startNatsServer({ storeDir, persistent: false });
}
