export {
  callerHeaders,
  serviceHeaders,
  startTestService,
  TEST_CONTEXT_SECRET,
  type GraphqlResult,
  type TestCaller,
  type TestService,
  type TestServiceOptions,
} from './test-service.js';
export { refusedConfigVariables } from './config-refusals.js';
