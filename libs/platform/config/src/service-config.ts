import { z } from 'zod';
import { envInt, envLogLevel, envPort, envSecret, envSecretList, envUrl } from './env-types.js';
import { telemetryEnvShape } from './telemetry-config.js';

const MiB = 1024 * 1024;

/** A NATS user name: one subject token, as the per-service users of deploy/ and the local run are named. */
const natsUser = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9_-] (the service name)');

/** Variables every backend service reads; a service extends this with its own. */
export const serviceEnvShape = (defaultPort: number) => ({
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(defaultPort),
  LOG_LEVEL: envLogLevel(),
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  NATS_URL: envUrl(['nats', 'tls']),
  /**
   * The service's own NATS user and password; the server's permissions for that user limit what it may publish and
   * consume. Both or neither (a server without authentication, as in the integration tests).
   */
  NATS_USER: natsUser.optional(),
  NATS_PASSWORD: envSecret(16).optional(),
  /** Verifies the caller context the gateway signs on every subgraph request. */
  INTERNAL_CONTEXT_SECRET: envSecretList(32),
  /**
   * Largest JSON request body (413 beyond): room for a 1 MiB kubeconfig in a GraphQL variable, with its
   * JSON escaping. The gateway's own limit is at least this, so the gateway never lets through more.
   */
  BODY_LIMIT_BYTES: envInt(2 * MiB, 1024, 64 * MiB),
  ...telemetryEnvShape,
});

/** NATS_USER and NATS_PASSWORD come together: one without the other is a deployment mistake, not a choice. */
export function requireNatsCredentialPair(
  value: { NATS_USER?: unknown; NATS_PASSWORD?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (value.NATS_USER !== undefined && value.NATS_PASSWORD === undefined)
    ctx.addIssue({ code: 'custom', path: ['NATS_PASSWORD'], message: 'is required when NATS_USER is set' });
  if (value.NATS_PASSWORD !== undefined && value.NATS_USER === undefined)
    ctx.addIssue({ code: 'custom', path: ['NATS_USER'], message: 'is required when NATS_PASSWORD is set' });
}

export const serviceEnvSchema = (defaultPort: number) =>
  z.object(serviceEnvShape(defaultPort)).superRefine(requireNatsCredentialPair);
export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;
