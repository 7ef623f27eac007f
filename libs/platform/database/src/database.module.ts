import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DataSourceLifecycle } from './data-source/data-source.lifecycle.js';
import { initialiseDataSource } from './data-source/initialise-data-source.js';
import { createServiceDataSource, type ServiceDataSourceOptions } from './data-source/service-data-source.js';

/**
 * Provides the service's TypeORM DataSource (inject it by its class), already connected: the provider is an
 * async factory, so nothing can receive it unconnected and start-up fails with a clear error when Postgres
 * is unreachable. Needs ReadinessRegistry from a global RuntimeModule.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: ServiceDataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: () => initialiseDataSource(createServiceDataSource(options), options.url),
        },
        DataSourceLifecycle,
      ],
      exports: [DataSource],
    };
  }
}
