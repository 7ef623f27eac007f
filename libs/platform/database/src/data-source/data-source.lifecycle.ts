import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@meshplane/runtime';
import { DataSource } from 'typeorm';

export const POSTGRES_READINESS_CHECK = 'postgres';

/** Makes /readyz depend on Postgres answering, and closes the pool once the application has stopped. */
@Injectable()
export class DataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register(POSTGRES_READINESS_CHECK, async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
