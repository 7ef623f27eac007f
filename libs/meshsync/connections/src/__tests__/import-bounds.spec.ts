import { ManualClock } from '@meshplane/runtime';
import { randomBytes, randomUUID } from 'node:crypto';
import { type LookupAddress } from 'node:dns';
import * as yaml from 'yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFeatureConfig } from '@meshplane/service-kit';
import { serverUrlPolicyOf, type ConnectionsConfig } from '../config/connections.config.js';
import { connectionsFeature } from '../connections.feature.js';
import { type ConnectionEntity } from '../entities/connection.entity.js';
import { type ConnectionProber, type ProbeOutcome } from '../lifecycle/connection-prober.js';
import { ConnectionStatusEvents } from '../lifecycle/connection-status.events.js';
import { ConnectionsService } from '../lifecycle/connections.service.js';
import { type ConnectionsRepository } from '../persistence/connections.repository.js';

// Counts every YAML parse, wherever in the import it happens.
vi.mock('yaml', async (importOriginal) => {
  const actual = await importOriginal<typeof import('yaml')>();
  return { ...actual, parse: vi.fn(actual.parse), parseDocument: vi.fn(actual.parseDocument) };
});

const ORG_A = randomUUID();
const ORG_B = randomUUID();
// No name is resolved and no socket opened here: a stub resolver answers for the cluster's name, and the prober
// is a fake.
const publicName = (): Promise<LookupAddress[]> => Promise.resolve([{ address: '8.8.8.8', family: 4 }]);

function kubeconfig(contexts: number): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "https://k8s.example.com"}}]',
    'users: [{name: u, user: {token: t}}]',
    'contexts:',
    ...Array.from({ length: contexts }, (_, i) => `- {name: ctx-${i}, context: {cluster: c, user: u}}`),
  ].join('\n');
}

/** A prober that records how many probes of each organization run at once, and lets the test finish them. */
class GatedProber {
  readonly inFlight = new Map<string, number>();
  readonly peak = new Map<string, number>();
  private readonly waiting: (() => void)[] = [];
  orgOf = new Map<string, string>();

  probe(_sealed: unknown, connectionId: string): Promise<ProbeOutcome> {
    const org = this.orgOf.get(connectionId) ?? '?';
    const now = (this.inFlight.get(org) ?? 0) + 1;
    this.inFlight.set(org, now);
    this.peak.set(org, Math.max(this.peak.get(org) ?? 0, now));
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.inFlight.set(org, (this.inFlight.get(org) ?? 1) - 1);
        resolve({ ok: false, message: 'UNREACHABLE: fake' });
      }),
    );
  }

  /** Lets every probe started so far finish; returns how many that was. */
  releaseAll(): number {
    const batch = this.waiting.splice(0);
    batch.forEach((finish) => finish());
    return batch.length;
  }
}

function service(prober: GatedProber, concurrency = 3) {
  const config = loadFeatureConfig<ConnectionsConfig>(connectionsFeature, {
    CREDENTIALS_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    CONNECTION_PROBE_CONCURRENCY: String(concurrency),
  });
  const repository = {
    insert: (connection: ConnectionEntity) => {
      prober.orgOf.set(connection.id, connection.orgId);
      return Promise.resolve(connection);
    },
    recordDisconnected: (_org: string, _id: string, message: string) =>
      Promise.resolve({ connection: { statusMessage: message } as ConnectionEntity, before: 'connecting' }),
  } as unknown as ConnectionsRepository;
  return new ConnectionsService(
    config,
    serverUrlPolicyOf(config, publicName),
    repository,
    prober as unknown as ConnectionProber,
    new ConnectionStatusEvents(),
    new ManualClock(),
  );
}

async function settle(prober: GatedProber, imports: Promise<unknown>[]): Promise<void> {
  let done = false;
  const all = Promise.all(imports).then(() => (done = true));
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    prober.releaseAll();
  }
  await all;
}

describe('import bounds', () => {
  beforeEach(() => {
    vi.mocked(yaml.parseDocument).mockClear();
    vi.mocked(yaml.parse).mockClear();
  });

  it('parses the kubeconfig once, not once per context', async () => {
    const prober = new GatedProber();
    const svc = service(prober, 64);
    const importing = svc.importKubeconfig({
      orgId: ORG_A,
      userId: randomUUID(),
      kubeconfig: kubeconfig(100),
    });
    await settle(prober, [importing]);
    expect((await importing).filter((outcome) => outcome.connection)).toHaveLength(100);
    expect(vi.mocked(yaml.parseDocument)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(yaml.parse)).not.toHaveBeenCalled();
  });

  it.each([
    ['all contexts', undefined],
    ['one selected context', ['ctx-0']],
  ])(
    'refuses a kubeconfig with thousands of contexts (%s), naming the field, after one parse',
    async (_case, contexts) => {
      const text = kubeconfig(2_000);
      const svc = service(new GatedProber());
      const error = await svc
        .importKubeconfig({ orgId: ORG_A, userId: randomUUID(), kubeconfig: text, contexts })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'input.kubeconfig', kubeconfigField: 'contexts', reason: 'TOO_LARGE' },
      });
      expect(vi.mocked(yaml.parseDocument)).toHaveBeenCalledTimes(1);
    },
    30_000,
  );

  it('never runs more probes of one organization at once than configured, and keeps organizations apart', async () => {
    const prober = new GatedProber();
    const svc = service(prober, 3);
    const imports = [
      svc.importKubeconfig({ orgId: ORG_A, userId: randomUUID(), kubeconfig: kubeconfig(20) }),
      svc.importKubeconfig({ orgId: ORG_A, userId: randomUUID(), kubeconfig: kubeconfig(10) }),
      svc.importKubeconfig({ orgId: ORG_B, userId: randomUUID(), kubeconfig: kubeconfig(10) }),
    ];
    await settle(prober, imports);
    expect(prober.peak.get(ORG_A)).toBe(3);
    expect(prober.peak.get(ORG_B)).toBe(3);
    const outcomes = (await Promise.all(imports)).flat();
    expect(outcomes).toHaveLength(40);
    expect(outcomes.every((o) => o.connection?.statusMessage === 'UNREACHABLE: fake')).toBe(true);
  });
});
