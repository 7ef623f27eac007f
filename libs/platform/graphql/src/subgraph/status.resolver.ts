import { Inject, type Type } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { ReadinessRegistry, SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import { ServiceStatus } from './service-status.model.js';

/** `meshsync-ingest` → `meshsyncIngestStatus`: one root field per subgraph, so one request can ask them all. */
export function statusFieldName(service: string): string {
  return `${service.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Status`;
}

/** Builds the `<service>Status` query resolver; a class per service because the field name is per service. */
export function createStatusResolver(service: string): Type<unknown> {
  @Resolver(() => ServiceStatus)
  class StatusResolver {
    constructor(
      private readonly readiness: ReadinessRegistry,
      @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    ) {}

    @Query(() => ServiceStatus, {
      name: statusFieldName(service),
      description: `Health and build of ${service}.`,
    })
    async status(): Promise<ServiceStatus> {
      const report = await this.readiness.report();
      return {
        service: this.identity.service,
        version: this.identity.version,
        instance: this.identity.instance,
        ready: report.ready,
        uptimeSeconds: (Date.now() - this.identity.startedAt.getTime()) / 1000,
        checks: Object.entries(report.checks).map(([name, r]) => ({
          name,
          ok: r.ok,
          error: r.error ?? null,
          latencyMs: r.ms,
        })),
      };
    }
  }
  Object.defineProperty(StatusResolver, 'name', { value: `${statusFieldName(service)}Resolver` });
  return StatusResolver;
}
