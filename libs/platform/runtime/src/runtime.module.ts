import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Clock, systemClock } from './clock/clock.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessRegistry } from './health/readiness.registry.js';
import { ShutdownState } from './health/shutdown.state.js';
import { loggerParams } from './logging/logger-options.js';
import { ensureDefaultMetrics } from './metrics/metrics.registry.js';
import { SERVICE_IDENTITY, type ServiceIdentity } from './service-identity.js';
import { TracingShutdown } from './tracing/tracing.shutdown.js';

export interface RuntimeModuleOptions {
  identity: ServiceIdentity;
  logLevel: string;
  /** Business time for every feature of the process (the system clock unless a test hands its own). */
  clock?: Clock;
}

/**
 * Logging (with trace ids), health, readiness, metrics, the tracing flush on shutdown and the Clock: what every
 * Meshplane process has regardless of its domain.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeModuleOptions): DynamicModule {
    ensureDefaultMetrics(options.identity.service);
    return {
      module: RuntimeModule,
      imports: [LoggerModule.forRoot(loggerParams(options.identity, options.logLevel))],
      controllers: [HealthController],
      providers: [
        ReadinessRegistry,
        ShutdownState,
        TracingShutdown,
        { provide: SERVICE_IDENTITY, useValue: options.identity },
        { provide: Clock, useValue: options.clock ?? systemClock },
      ],
      exports: [ReadinessRegistry, ShutdownState, SERVICE_IDENTITY, Clock],
    };
  }
}
