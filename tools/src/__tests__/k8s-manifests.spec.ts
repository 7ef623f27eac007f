import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BACKEND_SERVICES, GATEWAY } from '../run/service-catalog.js';

interface Container {
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
  resources: { limits: { memory?: string } };
}

interface ManifestSpec {
  replicas?: number;
  selector?: Record<string, unknown> & { matchLabels?: Record<string, string> };
  template?: { spec: { containers: Container[] } };
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: ManifestSpec;
  file: string;
}

function find(kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in deploy/k8s`);
  return found;
}

const dir = resolve(fileURLToPath(import.meta.url), '../../../../deploy/k8s');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const manifests: Manifest[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null)
    .map((m) => ({ ...m, file })),
);

/** kubernetes-models ships one class per apiVersion/kind, each validating against the official OpenAPI schema. */
async function modelFor(apiVersion: string, kind: string) {
  const path = apiVersion.includes('/') ? `${apiVersion}/${kind}` : `v1/${kind}`;
  const mod = (await import(/* @vite-ignore */ `kubernetes-models/${path}`)) as Record<
    string,
    new (data: unknown) => { validate(): void }
  >;
  return mod[kind];
}

describe('deploy/k8s manifests (validated offline)', () => {
  it('every document validates against the Kubernetes schema of its kind', async () => {
    expect(manifests.length).toBeGreaterThan(20);
    for (const m of manifests) {
      const Model = await modelFor(m.apiVersion, m.kind);
      if (!Model) throw new Error(`${m.file}: unknown kind ${m.apiVersion}/${m.kind}`);
      const { file: _file, ...data } = m;
      expect(() => new Model(data).validate(), `${m.file}: ${m.kind}/${m.metadata.name}`).not.toThrow();
    }
  });

  it('kustomization lists every manifest except the secret example', () => {
    const kustomization = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
    for (const file of files.filter((f) => f !== 'secrets.example.yaml'))
      expect(kustomization).toContain(`- ${file}`);
    expect(kustomization).not.toContain('secrets.example.yaml');
  });

  it('each service has a Deployment with probes and limits, a Service that selects it, and a migration Job', () => {
    for (const spec of [...BACKEND_SERVICES, GATEWAY]) {
      const deployment = find('Deployment', spec.name);
      const container = deployment.spec?.template?.spec.containers[0];
      expect(container?.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container?.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container?.resources.limits.memory).toBeDefined();
      expect(find('Service', spec.name).spec?.selector).toEqual(deployment.spec?.selector?.matchLabels);
      if (spec.migrates) {
        expect(
          manifests.some((m) => m.kind === 'Job' && m.metadata.name.startsWith(`${spec.name}-migrate`)),
        ).toBe(true);
      }
    }
  });

  it('each backend service connects with a database secret of its own, and its migration Job with its own migrate secret', () => {
    const secretsOf = (container: unknown) =>
      ((container as { envFrom?: { secretRef?: { name: string } }[] }).envFrom ?? []).map(
        (e) => e.secretRef?.name,
      );
    for (const spec of BACKEND_SERVICES) {
      const deployment = find('Deployment', spec.name);
      const job = manifests.find(
        (m) => m.kind === 'Job' && m.metadata.name.startsWith(`${spec.name}-migrate`),
      );
      // Later envFrom entries win: the per-service DATABASE_URL overrides anything shared.
      expect(secretsOf(deployment.spec?.template?.spec.containers[0]).at(-1)).toBe(
        `meshplane-${spec.name}-database`,
      );
      expect(secretsOf(job?.spec?.template?.spec.containers[0]).at(-1)).toBe(
        `meshplane-${spec.name}-migrate`,
      );
    }
  });

  it('NATS runs as a 3-node JetStream cluster', () => {
    expect(find('StatefulSet', 'nats').spec?.replicas).toBe(3);
  });
});
