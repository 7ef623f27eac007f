import { type DynamicModule, Module } from '@nestjs/common';
import { AdapterAddressPolicy, type HostLookup } from './address/adapter-address.policy.js';
import { ADAPTER_ADDRESS_POLICY } from './address/address-policy.token.js';
import { REGISTRY_CONFIG, type RegistryConfig } from './config/registry.config.js';
import { AdapterDirectory } from './directory/adapter-directory.js';
import { AdaptersResolver } from './graphql/adapters.resolver.js';
import { FingerprintRulesSync } from './fingerprints/fingerprint-rules.sync.js';
import { AdapterHealthWorker } from './health/adapter-health.worker.js';
import { AdapterChecksRepository } from './persistence/adapter-checks.repository.js';
import { AdaptersRepository } from './persistence/adapters.repository.js';
import { AdapterRegistryService } from './registry/adapter-registry.service.js';

export interface AdapterRegistryModuleOptions {
  /** Replaces the system resolver of the address policy (tests). */
  resolveHost?: HostLookup;
}

/** The adapter registry: registration, the continuous health check, the GraphQL for adapters. */
@Module({})
export class AdapterRegistryModule {
  static forRoot(options: AdapterRegistryModuleOptions = {}): DynamicModule {
    return {
      module: AdapterRegistryModule,
      // AdapterDirectory is for the broker's other features (operations).
      global: true,
      providers: [
        {
          provide: ADAPTER_ADDRESS_POLICY,
          useFactory: (config: RegistryConfig) =>
            new AdapterAddressPolicy(config.network, options.resolveHost),
          inject: [REGISTRY_CONFIG],
        },
        AdaptersRepository,
        AdapterChecksRepository,
        AdapterHealthWorker,
        FingerprintRulesSync,
        AdapterRegistryService,
        AdaptersResolver,
        AdapterDirectory,
      ],
      exports: [AdapterHealthWorker, AdapterDirectory],
    };
  }
}
