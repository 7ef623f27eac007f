import { ConfigError } from '@meshplane/config';
import { loadBackendConfig, type BackendServiceDefinition } from '@meshplane/service-kit';

/**
 * The variables a service's `main` would refuse to start with, sorted (empty: the configuration loads). Any other
 * error than a configuration error is thrown.
 */
export function refusedConfigVariables(
  definition: BackendServiceDefinition,
  env: Record<string, string>,
): string[] {
  try {
    loadBackendConfig(definition, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable).sort();
    throw error;
  }
  return [];
}
