import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { ConfigError, loadConfig, maskUrlPassword } from '@meshplane/config';
import {
  DOCKER_NATS_AUTH,
  K8S_NATS_MANIFEST,
  k8sNatsAuth,
  renderDeployNatsAuth,
} from '../deploy/nats-deploy-config.js';
import { natsPasswordVariable } from '../run/nats-users.js';
import { BACKEND_SERVICES } from '../run/service-catalog.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const SECRET_NAME = /(secret|password|passwd|token|key|credential|private)/i;

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
}
interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template?: { spec: { containers: Container[] } } };
  file: string;
}

const k8sFiles = readdirSync(join(repoRoot, 'deploy/k8s')).filter((f) => f.endsWith('.yaml'));
const k8s: K8sObject[] = k8sFiles.flatMap((file) =>
  parseAllDocuments(read(`deploy/k8s/${file}`))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((m): m is K8sObject => m !== null)
    .map((m) => ({ ...m, file })),
);
const containersOf = (m: K8sObject) => m.spec?.template?.spec.containers ?? [];

interface ComposeService {
  environment?: Record<string, string>;
  command?: string[];
  volumes?: string[];
}
const compose = parse(read('docker/compose.yaml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const envExample = new Map(
  read('docker/env.example')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

/** What every Meshplane config does with a value: loadConfig refuses it, naming the variable. */
function refusedByConfig(variable: string, value: string): boolean {
  try {
    loadConfig(z.object({ [variable]: z.string() }), { [variable]: value });
    return false;
  } catch (error) {
    return error instanceof ConfigError && error.issues.some((i) => i.variable === variable);
  }
}

describe('example secrets in deploy/k8s and docker/ are placeholders the services refuse', () => {
  it('every Secret value in deploy/k8s is refused by the config (an empty value carries no secret)', () => {
    const secrets = k8s.filter((m) => m.kind === 'Secret');
    expect(secrets.map((s) => s.file)).toEqual(secrets.map(() => 'secrets.example.yaml'));
    expect(secrets.map((s) => s.metadata.name)).toContain('meshplane-nats-users');
    const values = secrets.flatMap((s) => [
      ...Object.entries(s.stringData ?? {}),
      ...Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()] as const),
    ]);
    expect(values.length).toBeGreaterThan(8);
    for (const [variable, value] of values) {
      if (value === '') continue;
      expect(refusedByConfig(variable, value), `${variable} in secrets.example.yaml`).toBe(true);
    }
  });

  it('no secret travels in a ConfigMap or a literal container env value of deploy/k8s', () => {
    for (const m of k8s.filter((o) => o.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries(m.data ?? {})) {
        expect(SECRET_NAME.test(key), `${m.file}: ConfigMap ${m.metadata.name} key ${key}`).toBe(false);
        for (const word of value.split(/\s+/)) expect(maskUrlPassword(word), `${m.file}: ${key}`).toBe(word);
      }
    }
    for (const m of k8s) {
      for (const c of containersOf(m)) {
        for (const v of c.env ?? []) {
          if (SECRET_NAME.test(v.name))
            expect(v.valueFrom?.secretKeyRef, `${m.file}: ${c.name} ${v.name}`).toBeDefined();
          if (v.value !== undefined) expect(maskUrlPassword(v.value)).toBe(v.value);
        }
      }
    }
  });

  it('every value of docker/env.example is refused by the config, and it lists every variable compose requires', () => {
    expect(envExample.size).toBeGreaterThan(10);
    for (const [variable, value] of envExample) {
      if (value === '') continue;
      expect(refusedByConfig(variable, value), `${variable} in docker/env.example`).toBe(true);
    }
    const required = [...read('docker/compose.yaml').matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]);
    for (const variable of new Set(required)) expect(envExample.has(variable as string), variable).toBe(true);
  });

  it('compose never holds a secret literal: secret variables and URL passwords are required interpolations', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        const where = `compose ${name}: ${variable}`;
        // A secret comes from the environment: required (`:?`), or blank when unset (`:-`, an optional one).
        if (SECRET_NAME.test(variable)) expect(value, where).toMatch(/^\$\{[A-Z0-9_]+(:\?[^}]*|:-)?\}$/);
        const password = /^[a-z]+:\/\/[^:/@]+:([^@]*)@/.exec(String(value))?.[1];
        if (password !== undefined) expect(password, where).toMatch(/^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$/);
        expect(String(value), where).not.toMatch(/:-[^}]+\}/);
      }
    }
  });
});

describe('NATS runs with authentication and per-service users in both deployments', () => {
  const auth = renderDeployNatsAuth(repoRoot);

  it('the committed auth.conf (docker and the k8s ConfigMap) is what the services’ permissions generate', () => {
    expect(read(DOCKER_NATS_AUTH), `${DOCKER_NATS_AUTH} is stale: npm run generate`).toBe(auth);
    expect(k8sNatsAuth(read(K8S_NATS_MANIFEST)), `${K8S_NATS_MANIFEST} is stale: npm run generate`).toBe(
      auth,
    );
    for (const spec of BACKEND_SERVICES) {
      expect(auth).toContain(`user: "${spec.name}"\n      password: $${natsPasswordVariable(spec.name)}\n`);
    }
    expect(auth).not.toMatch(/no_auth_user/);
  });

  it('deploy/k8s: nats-server includes auth.conf with every password, each service connects as itself', () => {
    const config = k8s.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'nats-config');
    expect(config?.data?.['nats.conf']).toMatch(/^include \.\/auth\.conf$/m);
    const nats = k8s.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'nats');
    expect(containersOf(nats as K8sObject)[0]?.envFrom).toContainEqual({
      secretRef: { name: 'meshplane-nats-users' },
    });
    const users = k8s.find((m) => m.kind === 'Secret' && m.metadata.name === 'meshplane-nats-users');
    expect(Object.keys(users?.stringData ?? {}).sort()).toEqual(
      BACKEND_SERVICES.map((s) => natsPasswordVariable(s.name)).sort(),
    );
    for (const spec of BACKEND_SERVICES) {
      const deployment = k8s.find((m) => m.kind === 'Deployment' && m.metadata.name === spec.name);
      const env = containersOf(deployment as K8sObject)[0]?.env ?? [];
      expect(env).toContainEqual({ name: 'NATS_USER', value: spec.name });
      expect(env).toContainEqual({
        name: 'NATS_PASSWORD',
        valueFrom: {
          secretKeyRef: { name: 'meshplane-nats-users', key: natsPasswordVariable(spec.name) },
        },
      });
    }
  });

  it('deploy/k8s: only NATS pods may open route connections, only Meshplane pods client ones', () => {
    const policy = k8s.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'nats') as unknown as
      | {
          spec: {
            ingress: {
              from?: { podSelector: { matchLabels: Record<string, string> } }[];
              ports: { port: number }[];
            }[];
          };
        }
      | undefined;
    const rule = (port: number) => policy?.spec.ingress.find((r) => r.ports.some((p) => p.port === port));
    expect(rule(6222)?.from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nats' } } },
    ]);
    expect(rule(4222)?.from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'meshplane' } } },
    ]);
  });

  it('docker: nats-server runs the config including auth.conf, and each service connects as itself', () => {
    expect(read('docker/nats/nats.conf')).toMatch(/^include \.\/auth\.conf$/m);
    const nats = compose.services['nats'];
    expect(nats?.command).toEqual(['-c', '/etc/nats/nats.conf']);
    expect(nats?.volumes).toContain('./nats:/etc/nats:ro');
    for (const spec of BACKEND_SERVICES) {
      const variable = natsPasswordVariable(spec.name);
      expect(nats?.environment?.[variable]).toBe(`\${${variable}:?set ${variable}}`);
      expect(compose.services[spec.name]?.environment).toMatchObject({
        NATS_USER: spec.name,
        NATS_PASSWORD: `\${${variable}:?set ${variable}}`,
      });
    }
  });
});
