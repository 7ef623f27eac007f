import {
  decodePayload,
  type ConsumerDefinition,
  type DeadLetterReason,
  type EventDefinition,
} from '@meshplane/contracts';
import { inSpan } from '@meshplane/telemetry';
import { Logger } from '@nestjs/common';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { MessagingClient } from '../client/messaging-client.js';
import { reconnectDelayMs } from '../client/reconnect-backoff.js';
import { messagingMetrics } from '../metrics/messaging.metrics.js';
import { processSpan } from '../tracing/message-spans.js';
import { publishDeadLetter } from './dead-letter.publisher.js';
import { backoffFor, decideOnFailure, exceededDeliveries } from './failure-decision.js';
import { toReceivedEvent, type ReceivedEvent } from './received-event.js';

export type EventHandler<T> = (msg: ReceivedEvent<T>) => Promise<void>;

export interface ConsumeOptions {
  /** Handlers running at once in this process (default 1). */
  concurrency?: number;
  /** Aborting stops the consumer like stop() does. */
  signal?: AbortSignal;
}

export interface ConsumerHandle {
  /** Resolves once the consumer is pulling (or was stopped before it could). */
  readonly ready: Promise<void>;
  /** Stops pulling, waits for in-flight handlers to settle, then resolves. */
  stop(): Promise<void>;
}

/**
 * Runs a handler over a durable pull consumer. A message is acked only after its handler resolved;
 * failures are redelivered with the consumer's backoff until maxDeliver, then parked on the
 * dead-letter subject with the error.
 */
export class ConsumerRunner<T> implements ConsumerHandle {
  readonly ready: Promise<void>;
  private readonly logger: Logger;
  private readonly labels: { stream: string; consumer: string };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly concurrency: number;
  private messages: ConsumerMessages | undefined;
  private stopping: Promise<void> | undefined;
  private markReady!: () => void;
  private readonly loop: Promise<void>;
  private readonly untrack: () => void;

  constructor(
    private readonly client: MessagingClient,
    private readonly def: ConsumerDefinition,
    private readonly event: EventDefinition<string, T>,
    private readonly handler: EventHandler<T>,
    opts: ConsumeOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${this.concurrency}`);
    }
    this.logger = new Logger(`Consumer ${def.durable}`);
    this.labels = { stream: def.stream.name, consumer: def.durable };
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.untrack = client.track(this);
    opts.signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.loop = opts.signal?.aborted ? Promise.resolve() : this.pullLoop();
    if (opts.signal?.aborted) void this.stop();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.markReady();
    await this.messages?.close();
    await this.loop;
    await Promise.all(this.inFlight);
    this.untrack();
  }

  /** Re-subscribes with backoff when pulling fails (consumer missing, connection lost). */
  private async pullLoop(): Promise<void> {
    for (let attempt = 0; this.stopping === undefined; attempt++) {
      try {
        await this.pullUntilClosed();
        attempt = 0;
      } catch (error) {
        if (this.stopping !== undefined) return;
        this.logger.warn(`pulling failed, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(attempt)));
      }
    }
  }

  private async pullUntilClosed(): Promise<void> {
    const consumer = await this.client.js.consumers.get(this.def.stream.name, this.def.durable);
    // Buffering more than we can run would start AckWait on messages nobody works on yet.
    this.messages = await consumer.consume({ max_messages: this.concurrency });
    if (this.stopping !== undefined) await this.messages.close();
    this.markReady();
    for await (const msg of this.messages) {
      if (this.stopping !== undefined) {
        msg.nak();
        continue;
      }
      while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
      const task = this.process(msg)
        .catch((error: unknown) =>
          this.logger.error(`settling seq ${msg.seq} failed: ${(error as Error).message}`),
        )
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    messagingMetrics.consumed.inc(this.labels);
    const deliveries = msg.info.deliveryCount;
    if (exceededDeliveries(this.def, deliveries)) {
      const reason = new Error(
        `delivered ${deliveries} times without an ack (handler crashed or exceeded AckWait)`,
      );
      return this.deadLetter(msg, 'max-deliveries', reason);
    }
    let data: T;
    try {
      data = decodePayload(this.event, msg.data);
    } catch (error) {
      return this.deadLetter(msg, 'invalid-payload', error);
    }
    const heartbeat = setInterval(() => msg.working(), Math.max(250, Math.floor(this.def.ackWaitMs / 3)));
    try {
      await inSpan(
        () => processSpan(this.def, msg),
        () => this.handler(toReceivedEvent(msg, data)),
      );
    } catch (error) {
      return this.onHandlerError(msg, error);
    } finally {
      clearInterval(heartbeat);
    }
    msg.ack();
    messagingMetrics.acked.inc(this.labels);
  }

  private async onHandlerError(msg: JsMsg, error: unknown): Promise<void> {
    const decision = decideOnFailure(this.def, msg.info.deliveryCount, error);
    switch (decision.action) {
      case 'nak':
        msg.nak(decision.delayMs);
        messagingMetrics.naked.inc(this.labels);
        return;
      case 'dead-letter':
        return this.deadLetter(msg, decision.reason, error);
    }
  }

  private async deadLetter(msg: JsMsg, reason: DeadLetterReason, error: unknown): Promise<void> {
    try {
      await publishDeadLetter(this.client, this.def, msg, reason, error);
    } catch (publishError) {
      // Never drop a message we could not park: hand it back and try again on its next delivery.
      this.logger.error(`could not dead-letter seq ${msg.seq}: ${(publishError as Error).message}`);
      msg.nak(backoffFor(this.def.backoffMs, msg.info.deliveryCount));
      messagingMetrics.naked.inc(this.labels);
      return;
    }
    msg.term();
    messagingMetrics.deadLettered.inc({ ...this.labels, reason });
  }
}

export function consume<T>(
  client: MessagingClient,
  consumer: ConsumerDefinition,
  event: EventDefinition<string, T>,
  handler: EventHandler<T>,
  opts?: ConsumeOptions,
): ConsumerHandle {
  return new ConsumerRunner(client, consumer, event, handler, opts);
}
