import { decodePayload, type EventDefinition, type StreamDefinition } from '@meshplane/contracts';
import { Logger } from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { MessagingClient } from '../client/messaging-client.js';
import { toReceivedEvent, type ReceivedEvent } from '../consume/received-event.js';

export interface LiveEvents<T> extends AsyncIterable<ReceivedEvent<T>> {
  /** Resolves once the ordered consumer exists: anything published after this is seen. */
  readonly ready: Promise<void>;
}

const logger = new Logger('LiveEvents');

/**
 * Events published from now on, through an ordered (ephemeral, unacked) consumer. Every replica
 * reads all of them this way, which a durable consumer can't do: it hands each message to one
 * replica only. Invalid payloads are skipped. Iterate once; ends when the signal aborts.
 */
export function liveEvents<T>(
  client: MessagingClient,
  stream: StreamDefinition,
  filterSubject: string,
  event: EventDefinition<string, T>,
  opts: { signal?: AbortSignal } = {},
): LiveEvents<T> {
  const started = open(client, stream, filterSubject, opts.signal);
  const ready = started.then(() => undefined);
  ready.catch(() => undefined);
  return {
    ready,
    async *[Symbol.asyncIterator]() {
      const { messages, afterSeq } = await started;
      try {
        for await (const msg of messages) {
          // After a server restart the ordered consumer is recreated from its last seen sequence,
          // which is 0 if nothing arrived yet: skip the history that would replay.
          if (msg.seq <= afterSeq) continue;
          const data = decodeOrSkip(event, msg.data, msg.seq);
          if (data.ok) yield toReceivedEvent(msg, data.value);
        }
      } finally {
        await messages.close();
      }
    },
  };
}

async function open(
  client: MessagingClient,
  stream: StreamDefinition,
  filterSubject: string,
  signal: AbortSignal | undefined,
): Promise<{ messages: ConsumerMessages; afterSeq: number }> {
  const info = await client.jsm.streams.info(stream.name);
  const consumer = await client.js.consumers.get(stream.name, {
    filter_subjects: filterSubject,
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume({ max_messages: 256 });
  if (signal?.aborted) await messages.close();
  signal?.addEventListener('abort', () => void messages.close(), { once: true });
  return { messages, afterSeq: info.state.last_seq };
}

function decodeOrSkip<T>(event: EventDefinition<string, T>, body: Uint8Array, seq: number) {
  try {
    return { ok: true as const, value: decodePayload(event, body) };
  } catch (error) {
    logger.warn(`skipping seq ${seq}: ${(error as Error).message}`);
    return { ok: false as const };
  }
}
