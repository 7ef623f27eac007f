import {
  deadLetterStream,
  systemStream,
  type ConsumerDefinition,
  type RequestDefinition,
  type StreamDefinition,
} from '@meshplane/contracts';

/** What one service does on the bus, as its definition declares it. */
export interface BusAccess {
  /** kebab-case service name: also its NATS user and its inbox token. */
  service: string;
  /**
   * Streams whose topology the service ensures at start (SYSTEM and DEAD_LETTER always). It publishes to the
   * subjects of its own streams; on SYSTEM only its own announcements, on DEAD_LETTER only its consumers' subjects.
   */
  streams: readonly StreamDefinition[];
  /**
   * Streams another service publishes to that this one consumes through its durable consumers: it may create them
   * when missing (so that it can start first) but never update them or publish to their subjects.
   */
  reads?: readonly StreamDefinition[];
  /** Durable consumers it creates and pulls from. */
  consumers: readonly ConsumerDefinition[];
  /** Streams it follows live through ordered (ephemeral) consumers. */
  liveStreams: readonly StreamDefinition[];
  /**
   * Durable consumers whose topology the service manages itself (work queues delivered at most once, no dead
   * letter: the perf shards): it creates and pulls them and acks what it pulled.
   */
  pulls?: readonly { stream: StreamDefinition; durable: string }[];
  /** Requests it answers (core NATS request/reply, as a queue group of its replicas); it must be their answeredBy. */
  answers?: readonly RequestDefinition[];
  /** Requests it sends; it must be among their askedBy. */
  asks?: readonly RequestDefinition[];
}

/** Subjects a NATS user may publish to and subscribe to (nats-server `permissions`, allow lists). */
export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
  /**
   * May publish one reply to the reply subject of each request it received (nats-server `allow_responses`), and
   * nowhere else: set only for a service that answers requests, since replies go to the askers' inboxes.
   */
  allowResponses?: boolean;
}

const JS_API = '$JS.API';

/** Where a service's replies and pulled messages arrive; its user may subscribe to nothing else. */
export function inboxPrefixFor(service: string): string {
  return `_INBOX.${token(service, 'service')}`;
}

/**
 * The least a service needs on the bus, derived from what it declares: publish to its own subjects, manage and
 * pull its own durable consumers, follow its live streams, and read replies on its own inbox. Anything else
 * (another service's subjects or consumers, streams it does not declare, deleting streams) is refused by the server.
 */
export function natsPermissionsFor(access: BusAccess): NatsPermissions {
  const service = token(access.service, 'service');
  const publish: string[] = [`${JS_API}.INFO`];
  const streams = new Map<string, StreamDefinition>();
  for (const stream of [systemStream, deadLetterStream, ...access.streams]) streams.set(stream.name, stream);

  for (const stream of streams.values()) {
    publish.push(
      `${JS_API}.STREAM.INFO.${stream.name}`,
      `${JS_API}.STREAM.CREATE.${stream.name}`,
      `${JS_API}.STREAM.UPDATE.${stream.name}`,
    );
    if (stream.name === systemStream.name) publish.push(`system.v1.${service}.*`);
    else if (stream.name !== deadLetterStream.name) publish.push(...stream.subjects);
  }
  // A stream read but not owned: looked up and created when missing, never updated (nor published to).
  for (const stream of access.reads ?? []) {
    if (streams.has(stream.name)) continue;
    publish.push(`${JS_API}.STREAM.INFO.${stream.name}`, `${JS_API}.STREAM.CREATE.${stream.name}`);
  }

  for (const consumer of access.consumers) {
    const s = consumer.stream.name;
    const d = token(consumer.durable, 'durable');
    publish.push(
      `${JS_API}.CONSUMER.INFO.${s}.${d}`,
      `${JS_API}.CONSUMER.CREATE.${s}.${d}`,
      // The filter subject rides in the create subject (server 2.9+), wildcards and all.
      `${JS_API}.CONSUMER.CREATE.${s}.${d}.>`,
      `${JS_API}.CONSUMER.DURABLE.CREATE.${s}.${d}`,
      `${JS_API}.CONSUMER.MSG.NEXT.${s}.${d}`,
      `$JS.ACK.${s}.${d}.>`,
      consumer.deadLetterSubject,
    );
  }

  for (const pull of access.pulls ?? []) {
    const s = pull.stream.name;
    const d = token(pull.durable, 'durable');
    publish.push(
      `${JS_API}.CONSUMER.INFO.${s}.${d}`,
      `${JS_API}.CONSUMER.CREATE.${s}.${d}`,
      `${JS_API}.CONSUMER.CREATE.${s}.${d}.>`,
      `${JS_API}.CONSUMER.DURABLE.CREATE.${s}.${d}`,
      `${JS_API}.CONSUMER.MSG.NEXT.${s}.${d}`,
      `$JS.ACK.${s}.${d}.>`,
    );
  }

  for (const stream of access.liveStreams) {
    const s = stream.name;
    // Ordered consumers get generated names: any consumer of this stream, but nothing of another stream.
    publish.push(
      `${JS_API}.STREAM.INFO.${s}`,
      `${JS_API}.CONSUMER.CREATE.${s}`,
      `${JS_API}.CONSUMER.CREATE.${s}.>`,
      `${JS_API}.CONSUMER.INFO.${s}.*`,
      `${JS_API}.CONSUMER.DELETE.${s}.*`,
      `${JS_API}.CONSUMER.MSG.NEXT.${s}.*`,
    );
  }

  const subscribe = [`${inboxPrefixFor(service)}.>`];
  for (const request of access.asks ?? []) {
    if (!request.askedBy.includes(service))
      throw new Error(`${service} asks ${request.subject} but is not among its askedBy`);
    publish.push(request.subject);
  }
  const answers = access.answers ?? [];
  for (const request of answers) {
    if (request.answeredBy !== service)
      throw new Error(`${service} answers ${request.subject}, which ${request.answeredBy} answers`);
    subscribe.push(request.subject);
  }

  return {
    publish: [...new Set(publish)],
    subscribe,
    ...(answers.length > 0 && { allowResponses: true }),
  };
}

function token(value: string, what: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`${what} "${value}" is not a single subject token`);
  return value;
}
