import { ConfigError } from '@meshplane/config';
import { shutdownTracing, startTracing, traceLogFields, tracingSettings } from '@meshplane/telemetry';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { pino } from 'pino';
import { loadGatewayConfig, type GatewayConfig } from './config/gateway.config.js';
import { startGateway } from './gateway.server.js';

function configOrExit(): GatewayConfig {
  try {
    return loadGatewayConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  await startTracing(tracingSettings(config, gatewayService()));
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'gateway' }, mixin: traceLogFields });
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  } catch (error) {
    logger.fatal({ path: config.SUPERGRAPH_PATH, err: error }, 'SUPERGRAPH_PATH: cannot read the supergraph');
    process.exit(1);
  }
  const started = startGateway({ config, supergraphSdl, logger });
  // Registered before startup finishes, so a signal during startup still ends in a graceful stop.
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    started
      .then((gateway) => gateway.close())
      .then(() => shutdownTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    logger.info({ url: (await started).url }, 'gateway listening');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function gatewayService() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return { service: 'gateway', version: pkg.version ?? '0.0.0', instance: `${hostname()}-${process.pid}` };
}

await main();
