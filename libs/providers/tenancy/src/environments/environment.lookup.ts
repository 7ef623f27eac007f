import type { EntityManager } from 'typeorm';
import { NotFoundError } from '@meshplane/graphql';
import { EnvironmentEntity } from '../entities/environment.entity.js';

/** Another organization's environment is absent under row-level security: NOT_FOUND. */
export async function existingEnvironment(manager: EntityManager, id: string): Promise<EnvironmentEntity> {
  const environment = await manager.findOneBy(EnvironmentEntity, { id });
  if (!environment) throw new NotFoundError('Environment');
  return environment;
}
