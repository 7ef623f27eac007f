import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BACKEND_SERVICES, GATEWAY } from '../run/service-catalog.js';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  file: string;
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
      expect(Model, `${m.file}: unknown kind ${m.apiVersion}/${m.kind}`).toBeDefined();
      const { file: _file, ...data } = m;
      expect(() => new Model!(data).validate(), `${m.file}: ${m.kind}/${m.metadata.name}`).not.toThrow();
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
      const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === spec.name);
      expect(deployment, `${spec.name} Deployment`).toBeDefined();
      const container = (deployment!.spec as any).template.spec.containers[0];
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.resources.limits.memory).toBeDefined();
      const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === spec.name);
      expect((service!.spec as any).selector).toEqual((deployment!.spec as any).selector.matchLabels);
      if (spec.migrates) {
        expect(
          manifests.some((m) => m.kind === 'Job' && m.metadata.name.startsWith(`${spec.name}-migrate`)),
        ).toBe(true);
      }
    }
  });

  it('NATS runs as a 3-node JetStream cluster', () => {
    const nats = manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'nats');
    expect((nats!.spec as any).replicas).toBe(3);
  });
});
