import { Module, type DynamicModule, type ValueProvider } from '@nestjs/common';
import type { BackendConfig, BackendServiceDefinition } from '../backend-service.definition.js';
import { buildFeatureConfig } from './feature.definition.js';

/** The service's validated common variables (`ServiceEnv`), for the few features that need one of them. */
export const SERVICE_CONFIG = Symbol('meshplane:service-config');

/**
 * Each feature's validated config under the feature's own token, and the common variables under SERVICE_CONFIG.
 * Global, so a feature module injects its config without importing anything: config is handed to features,
 * never read by them.
 */
@Module({})
export class FeatureConfigModule {
  static forRoot(definition: BackendServiceDefinition, config: BackendConfig): DynamicModule {
    const providers: ValueProvider[] = [{ provide: SERVICE_CONFIG, useValue: config }];
    for (const feature of definition.features) {
      if (feature.config)
        providers.push({ provide: feature.config.token, useValue: buildFeatureConfig(feature, config) });
    }
    return {
      module: FeatureConfigModule,
      global: true,
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}
