import { processEnv } from './load-config.js';

/**
 * Switches off what libraries would send to their vendors on their own. `@apollo/gateway` otherwise starts, in its
 * constructor, a metrics exporter to Apollo's servers whose resource detectors probe cloud metadata addresses
 * (169.254.169.254, metadata.google.internal): a self-hosted gateway must contact nobody it was not configured to.
 * The library reads only the process environment, so this is the one place that writes to it.
 */
export function disableVendorTelemetry(): void {
  processEnv()['APOLLO_TELEMETRY_DISABLED'] = 'true';
}
