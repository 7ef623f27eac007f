import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@meshplane/config';
import { startTracing, type TracingSettings } from '@meshplane/telemetry';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';

export interface ServiceDefinition<C extends { HOST: string; PORT: number }> {
  name: string;
  loadConfig: () => C;
  createModule: (config: C) => DynamicModule;
  /** Force the exit when a graceful shutdown hangs longer than this. */
  shutdownTimeoutMs?: number;
  /** Applied to the app before it listens (body parsers, for instance). */
  configureApp?: (app: INestApplication, config: C) => void;
  /** Where this service's traces go; tracing stays off (the SDK not even loaded) when it answers undefined. */
  tracing?: (config: C) => TracingSettings | undefined;
}

/**
 * The one way a Meshplane service starts: validate config (exit 1 naming the bad variable), start tracing when it is
 * configured (before anything it traces exists), build the Nest app with JSON logs, listen, and shut down gracefully
 * on SIGTERM/SIGINT with a hard deadline.
 */
export async function runService<C extends { HOST: string; PORT: number }>(
  definition: ServiceDefinition<C>,
): Promise<INestApplication> {
  const config = loadOrExit(definition);
  await startTracing(definition.tracing?.(config));
  const app = await NestFactory.create(definition.createModule(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  definition.configureApp?.(app, config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  armShutdownDeadline(definition.shutdownTimeoutMs ?? 15_000);
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    app
      .get(Logger)
      .error({ err: error }, `${definition.name}: could not listen on ${config.HOST}:${config.PORT}`);
    await app.close();
    process.exit(1);
  }
  app.get(Logger).log(`${definition.name} listening on http://${config.HOST}:${config.PORT}`);
  return app;
}

function loadOrExit<C extends { HOST: string; PORT: number }>(definition: ServiceDefinition<C>): C {
  try {
    return definition.loadConfig();
  } catch (error) {
    const log = pino({ base: { service: definition.name } });
    if (error instanceof ConfigError) {
      log.fatal({ variables: error.issues.map((i) => i.variable) }, `${definition.name}: ${error.message}`);
    } else {
      log.fatal({ err: error }, `${definition.name}: could not load configuration`);
    }
    process.exit(1);
  }
}

function armShutdownDeadline(timeoutMs: number): void {
  const arm = () => {
    setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${timeoutMs} ms; exiting\n`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
