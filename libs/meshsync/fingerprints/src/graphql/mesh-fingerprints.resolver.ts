import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkUuid, CurrentCaller, requirePermission, requireUser, type Caller } from '@meshplane/graphql';
import { MeshDetectionService } from '../detection/mesh-detection.service.js';
import type { ClusterMeshEntity } from '../entities/cluster-mesh.entity.js';
import type { ListedRule } from '../rules/fingerprint-rules.service.js';
import { FingerprintRulesService } from '../rules/fingerprint-rules.service.js';
import { JSONObjectScalar } from './json-object.scalar.js';
import { MeshFingerprint, MeshFingerprintOrigin } from './mesh-fingerprint.model.js';
import { MeshInstance } from './mesh-instance.model.js';

@Resolver()
export class MeshFingerprintsResolver {
  constructor(
    private readonly rules: FingerprintRulesService,
    private readonly detection: MeshDetectionService,
  ) {}

  @Query(() => [MeshInstance], { description: 'The meshes detected in a cluster, by mesh id.' })
  async meshes(
    @CurrentCaller() caller: Caller,
    @Args('clusterId', { type: () => ID }) clusterId: string,
  ): Promise<MeshInstance[]> {
    const orgId = requirePermission(caller, 'resources:read');
    return (await this.detection.list(orgId, checkUuid(clusterId, 'clusterId'))).map(toMeshInstance);
  }

  @Query(() => [MeshFingerprint], { description: "Built-in rules and this organization's registered ones." })
  async meshFingerprints(@CurrentCaller() caller: Caller): Promise<MeshFingerprint[]> {
    const orgId = requirePermission(caller, 'resources:read');
    return (await this.rules.list(orgId)).map(toMeshFingerprint);
  }

  @Mutation(() => MeshFingerprint, {
    description:
      'Registers (or, with a higher ruleVersion, replaces) a fingerprint rule for this organization; a rule for a built-in mesh needs a higher ruleVersion than the built-in one.',
  })
  async registerMeshFingerprint(
    @CurrentCaller() caller: Caller,
    @Args('rule', { type: () => JSONObjectScalar }) rule: Record<string, unknown>,
  ): Promise<MeshFingerprint> {
    const orgId = requirePermission(caller, 'org:manage');
    return toMeshFingerprint(await this.rules.register(orgId, requireUser(caller), rule));
  }

  @Mutation(() => [MeshInstance], { description: "Detects the cluster's meshes now and returns them." })
  async detectMeshes(
    @CurrentCaller() caller: Caller,
    @Args('clusterId', { type: () => ID }) clusterId: string,
  ): Promise<MeshInstance[]> {
    const orgId = requirePermission(caller, 'resources:write');
    return (await this.detection.detectNow(orgId, checkUuid(clusterId, 'clusterId'))).map(toMeshInstance);
  }
}

function toMeshInstance(row: ClusterMeshEntity): MeshInstance {
  return {
    clusterId: row.clusterId,
    meshId: row.meshId,
    name: row.name,
    version: row.version,
    versions: row.versions,
    controlPlane: row.controlPlane,
    proxyCount: row.proxyCount,
    injectedNamespaces: row.injectedNamespaces,
    crdGroups: row.crdGroups,
    ruleVersion: row.ruleVersion,
    detectedAt: row.detectedAt,
    updatedAt: row.updatedAt,
  };
}

function toMeshFingerprint(entry: ListedRule): MeshFingerprint {
  return {
    meshId: entry.rule.mesh.id,
    name: entry.rule.mesh.name,
    schemaVersion: entry.rule.schemaVersion,
    ruleVersion: entry.rule.ruleVersion,
    origin:
      entry.origin === 'built-in'
        ? MeshFingerprintOrigin.BUILT_IN
        : entry.origin === 'platform'
          ? MeshFingerprintOrigin.PLATFORM
          : MeshFingerprintOrigin.REGISTERED,
    active: entry.active,
    registeredAt: entry.registeredAt,
    rule: entry.rule as unknown as Record<string, unknown>,
  };
}
