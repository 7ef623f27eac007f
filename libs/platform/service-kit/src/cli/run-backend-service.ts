import { createServiceIdentity, runService } from '@meshplane/runtime';
import { tracingSettings } from '@meshplane/telemetry';
import { loadBackendConfig, type BackendServiceDefinition } from '../backend-service.definition.js';
import { BackendServiceModule } from '../backend-service.module.js';
import { configureBackendApp } from '../backend-app.js';

/** A service's `main.ts` is one call to this. */
export async function runBackendService(definition: BackendServiceDefinition): Promise<void> {
  const identity = createServiceIdentity(definition.name, definition.version);
  await runService({
    name: definition.name,
    loadConfig: () => loadBackendConfig(definition),
    createModule: (config) => BackendServiceModule.forRoot(definition, config, identity),
    configureApp: configureBackendApp,
    tracing: (config) => tracingSettings(config, identity),
  });
}
