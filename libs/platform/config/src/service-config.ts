import { z } from 'zod';
import { envLogLevel, envPort, envSecretList, envUrl } from './env-types.js';

/** Variables every backend service reads; a service extends this with its own. */
export const serviceEnvShape = (defaultPort: number) => ({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(defaultPort),
  LOG_LEVEL: envLogLevel(),
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  NATS_URL: envUrl(['nats', 'tls']),
  /** Verifies the caller context the gateway signs on every subgraph request. */
  INTERNAL_CONTEXT_SECRET: envSecretList(32),
});

export const serviceEnvSchema = (defaultPort: number) => z.object(serviceEnvShape(defaultPort));
export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;
