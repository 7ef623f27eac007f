import { setTimeout as sleep } from 'node:timers/promises';
import { defineOperation, OperationError, type AdapterDefinition } from '../adapter-definition.js';

export interface NoopInstallInput {
  version: '1.0.0' | '1.1.0';
  profile: 'default' | 'minimal';
  /** How long each of the three steps takes (lets tests reach a deadline or cancel mid-run). */
  stepMs: number;
}

/** Runs per operation id: the idempotency tests read it. */
export type RunCounter = Map<string, number>;

/**
 * An adapter that changes nothing: what the SDK's own tests and the conformance kit's self-test run against, and
 * the smallest complete example of an adapter (see README.md). It also serves as the broker's no-op adapter.
 */
export function noopAdapter(counter: RunCounter = new Map()): AdapterDefinition {
  const count = (operationId: string): void => {
    counter.set(operationId, (counter.get(operationId) ?? 0) + 1);
  };
  const install = defineOperation<NoopInstallInput>({
    name: 'install',
    displayName: 'Install the no-op mesh',
    description: 'Pretends to install the mesh in three steps.',
    category: 'install',
    versions: ['1.0.0', '1.1.0'],
    inputSchema: {
      type: 'object',
      properties: {
        version: { type: 'string', enum: ['1.0.0', '1.1.0'] },
        profile: { type: 'string', enum: ['default', 'minimal'], default: 'default' },
        stepMs: { type: 'integer', minimum: 0, maximum: 10_000, default: 0 },
      },
      required: ['version'],
      additionalProperties: false,
    },
    supportsDryRun: true,
    supportsDelete: true,
    idempotent: true,
    async run(ctx) {
      count(ctx.operationId);
      const verb = ctx.delete ? 'remove' : 'install';
      for (const [index, step] of ['CRDs', 'control plane', 'readiness'].entries()) {
        await sleep(ctx.input.stepMs, undefined, { signal: ctx.signal });
        ctx.progress(((index + 1) * 100) / 3, `${verb} ${step} (${ctx.input.version}, ${ctx.input.profile})`);
      }
      return { message: `${ctx.dryRun ? 'would ' : ''}${verb} no-op mesh ${ctx.input.version}` };
    },
  });
  const validate = defineOperation<{ fail: boolean }>({
    name: 'validate',
    description: 'Reports the mesh healthy, or fails with a cause and a remedy when asked to.',
    category: 'validate',
    inputSchema: {
      type: 'object',
      properties: { fail: { type: 'boolean', default: false } },
      additionalProperties: false,
    },
    async run(ctx) {
      count(ctx.operationId);
      if (ctx.input.fail) {
        throw new OperationError('control plane is not ready', {
          probableCause: ['the no-op control plane was asked to fail'],
          suggestedRemediation: ['run validate with fail=false'],
        });
      }
      return { message: 'no-op mesh is healthy', output: { healthy: true } };
    },
  });
  return {
    info: { name: 'noop-adapter', version: '0.1.0', mesh: 'noop', supportedMeshVersions: ['1.0.0', '1.1.0'] },
    operations: [install, validate],
    components: [
      {
        kind: 'NoopPolicy',
        apiVersion: 'noop.meshplane.dev/v1',
        model: 'noop',
        modelVersion: '1.1.0',
        description: 'A policy that does nothing.',
        schema: {
          type: 'object',
          properties: { mode: { type: 'string', enum: ['strict', 'permissive'] } },
          required: ['mode'],
        },
      },
    ],
    fingerprints: [
      {
        schemaVersion: 1,
        ruleVersion: 1,
        mesh: { id: 'noop', name: 'No-op mesh' },
        controlPlane: [
          { component: 'noopd', kinds: ['Deployment'], labels: [{ key: 'app', value: 'noopd' }] },
        ],
      },
    ],
  };
}
