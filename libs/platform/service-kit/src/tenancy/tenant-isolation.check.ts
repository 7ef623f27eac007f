import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditTenantIsolation } from '@meshplane/database';
import { SERVICE_SCHEMA } from './service-schema.token.js';

/**
 * Refuses to start a service whose own connection could see another tenant's rows: connected as a
 * superuser, as a table owner, or with a tenant table lacking forced row-level security. Every start (and
 * so every integration and e2e test) runs it, so a new table without RLS cannot reach production quietly.
 */
@Injectable()
export class TenantIsolationCheck implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const violations = await auditTenantIsolation(this.dataSource, { schemas: [this.schema] });
    if (violations.length > 0) {
      throw new Error(
        `Tenant isolation is not guaranteed, refusing to start:\n${violations.map((v) => `- ${v.message}`).join('\n')}`,
      );
    }
  }
}
