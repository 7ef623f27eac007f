import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withTenant } from '@meshplane/database';
import { MeshFingerprintEntity } from '../entities/mesh-fingerprint.entity.js';
import { PlatformMeshFingerprintEntity } from '../entities/platform-mesh-fingerprint.entity.js';

/** The fingerprint rules organizations register; every read and write runs under the organization's tenant. */
@Injectable()
export class FingerprintRulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  inOrg<T>(orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.dataSource, orgId, work);
  }

  /** The organization's registered rules (the transaction's tenant), by mesh id. */
  all(manager: EntityManager): Promise<MeshFingerprintEntity[]> {
    return manager.getRepository(MeshFingerprintEntity).find({ order: { meshId: 'ASC' } });
  }

  /** The registered rule for one mesh, locked until the transaction ends (so two registrations queue). */
  findForUpdate(
    manager: EntityManager,
    orgId: string,
    meshId: string,
  ): Promise<MeshFingerprintEntity | null> {
    return manager
      .getRepository(MeshFingerprintEntity)
      .findOne({ where: { orgId, meshId }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, rule: MeshFingerprintEntity): Promise<MeshFingerprintEntity> {
    const repository = manager.getRepository(MeshFingerprintEntity);
    return repository.save(repository.create(rule));
  }

  /** Platform rules (the operator's adapters'), for every organization: readable in any transaction. */
  platformAll(manager: EntityManager): Promise<PlatformMeshFingerprintEntity[]> {
    return manager.getRepository(PlatformMeshFingerprintEntity).find({ order: { meshId: 'ASC' } });
  }

  /** Runs `work` in a transaction of its own (platform rules belong to no organization). */
  inPlatform<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  platformFindForUpdate(
    manager: EntityManager,
    meshId: string,
  ): Promise<PlatformMeshFingerprintEntity | null> {
    return manager
      .getRepository(PlatformMeshFingerprintEntity)
      .findOne({ where: { meshId }, lock: { mode: 'pessimistic_write' } });
  }

  platformSave(
    manager: EntityManager,
    rule: PlatformMeshFingerprintEntity,
  ): Promise<PlatformMeshFingerprintEntity> {
    const repository = manager.getRepository(PlatformMeshFingerprintEntity);
    return repository.save(repository.create(rule));
  }
}
