import { z } from 'zod';
import { envInt, envLogLevel, envPort, envSecretList, envUrl } from './env-types.js';

const MiB = 1024 * 1024;

/** Variables every backend service reads; a service extends this with its own. */
export const serviceEnvShape = (defaultPort: number) => ({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(defaultPort),
  LOG_LEVEL: envLogLevel(),
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  NATS_URL: envUrl(['nats', 'tls']),
  /** Verifies the caller context the gateway signs on every subgraph request. */
  INTERNAL_CONTEXT_SECRET: envSecretList(32),
  /**
   * Largest JSON request body (413 beyond): room for a 1 MiB kubeconfig in a GraphQL variable, with its
   * JSON escaping. The gateway's own limit is at least this, so the gateway never lets through more.
   */
  BODY_LIMIT_BYTES: envInt(2 * MiB, 1024, 64 * MiB),
});

export const serviceEnvSchema = (defaultPort: number) => z.object(serviceEnvShape(defaultPort));
export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;
