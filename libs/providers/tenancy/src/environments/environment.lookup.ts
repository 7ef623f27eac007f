import { NotFoundError } from '@meshplane/graphql';
import type { TenantTx } from '../common/tenant-transactions.js';
import type { EnvironmentEntity } from '../entities/environment.entity.js';
import type { EnvironmentsRepository } from './environments.repository.js';

/** Another organization's environment is absent under row-level security: NOT_FOUND. */
export async function existingEnvironment(
  environments: EnvironmentsRepository,
  tx: TenantTx,
  id: string,
): Promise<EnvironmentEntity> {
  const environment = await environments.find(tx, id);
  if (!environment) throw new NotFoundError('Environment');
  return environment;
}
