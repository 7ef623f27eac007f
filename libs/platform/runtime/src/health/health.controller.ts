import { Controller, Get, Header, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { metricsRegistry } from '../metrics/metrics.registry.js';
import { SERVICE_IDENTITY, type ServiceIdentity } from '../service-identity.js';
import { ReadinessRegistry } from './readiness.registry.js';
import { ShutdownState } from './shutdown.state.js';

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly shutdown: ShutdownState,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  /** Liveness: the process answers. Dependencies are /readyz's business, so a DB outage never triggers restarts. */
  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  healthz() {
    return { status: 'ok', service: this.identity.service, instance: this.identity.instance };
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: Response) {
    const report = await this.readiness.report();
    const ready = report.ready && !this.shutdown.stopping;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'unready', stopping: this.shutdown.stopping, checks: report.checks };
  }

  @Get('metrics')
  @Header('content-type', metricsRegistry.contentType)
  metrics() {
    return metricsRegistry.metrics();
  }
}
