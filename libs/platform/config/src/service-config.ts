import { z } from 'zod';
import { envLogLevel, envPort, envUrl } from './env-types.js';

/** Variables every backend service reads; a service extends this with its own. */
export const serviceEnvShape = (defaultPort: number) => ({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(defaultPort),
  LOG_LEVEL: envLogLevel(),
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  NATS_URL: envUrl(['nats', 'tls']),
});

export const serviceEnvSchema = (defaultPort: number) => z.object(serviceEnvShape(defaultPort));
export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;
