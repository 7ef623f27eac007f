export { freshDatabase } from './fresh-database.js';
export { freshRoleName } from './fresh-role-name.js';
export { startTestNats } from './test-nats.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export type { NatsServer } from '@meshplane/local-infra';
export {
  callerHeaders,
  startTestService,
  TEST_CONTEXT_SECRET,
  type GraphqlResult,
  type TestCaller,
  type TestService,
  type TestServiceOptions,
} from './test-service.js';
