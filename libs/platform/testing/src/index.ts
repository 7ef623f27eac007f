export { freshDatabase } from './fresh-database.js';
export { freshRoleName } from './fresh-role-name.js';
export { startTestNats } from './test-nats.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export type { NatsServer } from '@meshplane/local-infra';
export { guardLoopbackOnly, isLoopbackHost } from './loopback-guard.js';
export {
  startOtlpReceiver,
  type LoopbackTracingSettings,
  type OtlpReceiver,
  type OtlpRequest,
  type ReceivedSpan,
} from './otlp-receiver.js';
export { browseToCallback, startTestIdp, type TestAccount, type TestIdp } from './test-oidc-provider.js';
