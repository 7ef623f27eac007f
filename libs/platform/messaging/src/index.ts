export {
  connectMessaging,
  MessagingClient,
  type MessagingConnectOptions,
} from './client/messaging-client.js';
export { ensureTopology, type Topology } from './topology/ensure-topology.js';
export {
  DEFAULT_PUBLISH_WINDOW,
  Publisher,
  type PublishManyOptions,
  type PublishManyResult,
  type PublishResult,
} from './publish/publisher.js';
export type { PublishOptions } from './publish/message-headers.builder.js';
export {
  consume,
  ConsumerRunner,
  type ConsumeOptions,
  type ConsumerHandle,
  type EventHandler,
} from './consume/consumer-runner.js';
export type { ReceivedEvent } from './consume/received-event.js';
export { PermanentError } from './consume/permanent.error.js';
export { liveEvents, type LiveEvents } from './live/live-events.js';
export { answerRequests, type AnswerRequestsOptions } from './request/answer-requests.js';
export { askRequest, type AskOutcome } from './request/ask-request.js';
export { messagingMetrics } from './metrics/messaging.metrics.js';
export { MessagingModule } from './nest/messaging.module.js';
export type { MessagingModuleOptions } from './nest/messaging.options.js';
export {
  inboxPrefixFor,
  natsPermissionsFor,
  type BusAccess,
  type NatsPermissions,
} from './auth/nats-permissions.js';
