export { ConfigError, type ConfigIssue } from './config-error.js';
export { loadConfig, processEnv, type Env } from './load-config.js';
export { envBoolean, envInt, envLogLevel, envPort, envSecret, envSecretList, envUrl } from './env-types.js';
export {
  requireNatsCredentialPair,
  serviceEnvSchema,
  serviceEnvShape,
  type ServiceEnv,
} from './service-config.js';
export { isPlaceholder, PLACEHOLDER_MESSAGE } from './placeholder.js';
export { maskSecrets, maskUrlPassword } from './mask.js';
export { disableVendorTelemetry } from './vendor-telemetry.js';
export { telemetryEnvShape, type TelemetryEnv, type TraceSampler } from './telemetry-config.js';
export { cidrBlockList, envCidrList, ipFamilyOf, parseCidr, type Cidr, type IpFamily } from './cidr.js';
