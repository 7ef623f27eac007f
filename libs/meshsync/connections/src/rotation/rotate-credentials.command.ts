import { z } from 'zod';
import { envInt, envUrl, maskUrlPassword } from '@meshplane/config';
import { createServiceDataSource, initialiseDataSource } from '@meshplane/database';
import { schemaName } from '@meshplane/service-kit';
import { parseCredentialKeyring } from '../config/credentials-keyring.js';
import { ClusterEntity } from '../entities/cluster.entity.js';
import { ConnectionEntity } from '../entities/connection.entity.js';
import { rotateConnectionCredentials } from './credentials-rotation.js';

/** The variables of `rotate-credentials.js`, validated by the service kit's `runCommand` before it starts. */
export const rotateCredentialsConfigShape = {
  /** The service's runtime (application role) URL: tenant rows are reached through withTenant. */
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  CREDENTIALS_KEYS: z.string({ message: 'is required' }).transform((value, ctx) => {
    try {
      return parseCredentialKeyring(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  ROTATE_BATCH_SIZE: envInt(100, 1, 1000),
  /** Resume after this connection id (printed by an interrupted run). */
  ROTATE_AFTER: z.uuid({ message: 'must be a connection id' }).optional(),
};

export type RotateCredentialsConfig = z.output<z.ZodObject<typeof rotateCredentialsConfigShape>>;

/** `rotate-credentials.js` of the service: re-seals every connection's credentials under the newest key. */
export async function rotateCredentials(
  service: { name: string },
  config: RotateCredentialsConfig,
): Promise<void> {
  const dataSource = createServiceDataSource({
    url: config.DATABASE_URL,
    schema: schemaName(service.name),
    entities: [ConnectionEntity, ClusterEntity],
    migrations: [],
    applicationName: `meshplane-${service.name}-rotate-credentials`,
  });
  await initialiseDataSource(dataSource, config.DATABASE_URL);
  try {
    const report = await rotateConnectionCredentials(dataSource, config.CREDENTIALS_KEYS, {
      batchSize: config.ROTATE_BATCH_SIZE,
      ...(config.ROTATE_AFTER && { after: config.ROTATE_AFTER }),
      onBatch: (progress) =>
        process.stdout.write(
          `${service.name}: scanned ${progress.scanned}, re-sealed ${progress.resealed}, last id ${progress.lastId ?? '-'}\n`,
        ),
    });
    process.stdout.write(
      `${service.name}: rotation done on ${maskUrlPassword(config.DATABASE_URL)}: ${report.resealed} of ${report.scanned} connections re-sealed\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}
