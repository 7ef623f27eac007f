import type { Msg, Subscription } from '@nats-io/transport-node';
import type { RequestDefinition } from '@meshplane/contracts';
import type { MessagingClient } from '../client/messaging-client.js';

export interface AnswerRequestsOptions<Res> {
  /** The answering service's replicas share the subject as this queue group: each request is answered once. */
  queue: string;
  /** The answer to one request's body (`undefined` when it is not JSON). Never logs the body. */
  answer: (body: unknown) => Promise<Res>;
  /** What to answer when `answer` throws (its own store away): a refusal the asker can act on. */
  unavailable: Res;
  warn: (message: string) => void;
}

/**
 * Answers a request/reply contract (defineRequest) on core NATS: subscribes to its subject as a queue group, answers
 * each request that has a reply subject once, with `unavailable` when answering failed. Returns the subscription
 * (unsubscribe it before shutting down).
 */
export function answerRequests<Res>(
  client: MessagingClient,
  request: RequestDefinition,
  options: AnswerRequestsOptions<Res>,
): Subscription {
  const what = request.subject;
  const respond = async (msg: Msg): Promise<void> => {
    if (!msg.reply) return;
    let response: Res;
    try {
      response = await options.answer(decode(msg));
    } catch (error) {
      options.warn(`a ${what} request failed: ${(error as Error).message}`);
      response = options.unavailable;
    }
    try {
      msg.respond(JSON.stringify(response));
    } catch (error) {
      options.warn(`a ${what} answer was not sent: ${(error as Error).message}`);
    }
  };
  return client.nc.subscribe(what, {
    queue: options.queue,
    callback: (error, msg) => {
      if (error) return options.warn(`${what} subscription: ${error.message}`);
      void respond(msg);
    },
  });
}

function decode(msg: Msg): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
