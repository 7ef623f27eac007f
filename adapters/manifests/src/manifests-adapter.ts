import {
  applyManifests,
  defineOperation,
  deleteManifests,
  OperationError,
  type AdapterDefinition,
  type InventoryStore,
} from '@meshplane/adapters-sdk';

export interface ManifestsAdapterRuntime {
  inventory: InventoryStore;
  clusterPolicy: { allowCidrs: string[]; allowInsecureHttp: boolean };
}

interface ApplyInput {
  /** The installation key within the connection: applying again under it upgrades (prunes), delete removes it. */
  name: string;
  manifests: string;
  force: boolean;
}

/** Applies arbitrary manifests (what designs deploy); delete removes exactly what was applied under the name. */
export function manifestsAdapter(runtime: ManifestsAdapterRuntime): AdapterDefinition {
  const apply = defineOperation<ApplyInput>({
    name: 'apply',
    displayName: 'Apply manifests',
    description:
      'Server-side applies the YAML manifests under a name (objects naming no namespace go to the operation namespace); applying again under the name prunes what the new text no longer has; delete removes what was applied under the name.',
    category: 'custom',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$' },
        manifests: { type: 'string', maxLength: 8 * 1024 * 1024, default: '' },
        force: { type: 'boolean', default: false },
      },
      required: ['name'],
      additionalProperties: false,
    },
    supportsDelete: true,
    supportsDryRun: true,
    idempotent: true,
    async run(ctx) {
      if (!ctx.target.kubeconfig) {
        throw new OperationError('no cluster credentials were sent with the operation', {
          suggestedRemediation: ['run the operation against a connection with a kubeconfig'],
        });
      }
      const cluster = { kubeconfig: ctx.target.kubeconfig, policy: runtime.clusterPolicy };
      const key = `${ctx.orgId}/${ctx.target.connectionId}/manifests/${ctx.input.name}`;
      if (ctx.delete) {
        const removed = await deleteManifests(cluster, {
          inventory: runtime.inventory,
          key,
          signal: ctx.signal,
        });
        if (!removed.ok) {
          throw new OperationError(`delete of ${ctx.input.name} stopped`, {
            details: removed.results.find((r) => r.action === 'failed')?.message,
            suggestedRemediation: ['run the delete again: it removes what is left'],
          });
        }
        return { message: `${ctx.input.name}: ${removed.results.length} objects removed` };
      }
      if (ctx.input.manifests.trim() === '') {
        throw new OperationError('input.manifests is empty', {
          suggestedRemediation: ['give the YAML text to apply'],
        });
      }
      const result = await applyManifests(cluster, ctx.input.manifests, {
        fieldManager: 'manifests-adapter',
        operationId: ctx.operationId,
        inventory: runtime.inventory,
        key,
        namespace: ctx.namespace || undefined,
        dryRun: ctx.dryRun,
        force: ctx.input.force,
        signal: ctx.signal,
      });
      const results = result.results.map((r) => ({
        object: `${r.object.kind} ${r.object.namespace ? `${r.object.namespace}/` : ''}${r.object.name}`,
        action: r.action,
        ...(r.message ? { message: r.message } : {}),
      }));
      if (!result.ok) {
        const failed = result.results.find((r) => r.action === 'failed');
        throw new OperationError(failed?.message ?? 'an object was not applied', {
          probableCause: failed?.conflicts?.length ? ['another field manager owns fields of the object'] : [],
          suggestedRemediation: failed?.conflicts?.length
            ? ['apply with force=true to take the fields over, or remove them from the manifests']
            : ['fix the manifest and apply again (it converges)'],
        });
      }
      return {
        message: `${ctx.dryRun ? 'dry run: ' : ''}${results.length} objects under ${ctx.input.name}`,
        output: { results },
      };
    },
  });
  return {
    info: { name: 'manifests-adapter', version: '0.1.0', mesh: 'kubernetes', supportedMeshVersions: ['v1'] },
    operations: [apply],
    components: [],
    fingerprints: [],
  };
}
