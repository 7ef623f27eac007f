import { Injectable } from '@nestjs/common';
import { adapterOperationEvent, adaptersStream } from '@meshplane/contracts';
import { liveEvents, MessagingClient } from '@meshplane/messaging';
import { eventModelOfPayload, toEventModel } from '../graphql/adapter-operation.mapper.js';
import { type AdapterOperationEvent } from '../graphql/models/adapter-operation-run.model.js';
import { OperationsRepository } from '../persistence/operations.repository.js';
import { isFinal } from '../state/operation-state.js';

/**
 * The live events of one operation: an ordered consumer on that operation's subject of the caller's organization
 * (`adapters.v1.<org>.operation.<id>.event`), so no other tenant's event reaches it. It ends after the event
 * that ends the operation, when the client leaves, or at shutdown.
 */
@Injectable()
export class OperationEventFeed {
  constructor(
    private readonly client: MessagingClient,
    private readonly operations: OperationsRepository,
  ) {}

  async subscribe(orgId: string, operationId: string): Promise<AsyncIterableIterator<AdapterOperationEvent>> {
    const abort = new AbortController();
    const subject = `adapters.v1.${orgId}.operation.${operationId}.event`;
    const events = liveEvents(this.client, adaptersStream, subject, adapterOperationEvent, {
      signal: abort.signal,
    });
    await events.ready;
    // Ended before the consumer existed: its last stored event is all there is to deliver.
    const operation = await this.operations.find(orgId, operationId);
    const ended = operation !== null && isFinal(operation.status);
    const last = ended ? (await this.operations.events(orgId, operationId, 0, 10_000)).at(-1) : undefined;
    async function* run(): AsyncGenerator<AdapterOperationEvent> {
      try {
        if (ended) {
          if (last) yield toEventModel(last);
          return;
        }
        for await (const msg of events) {
          if (msg.data.orgId !== orgId || msg.data.operationId !== operationId) continue;
          yield eventModelOfPayload(msg.data);
          if (msg.data.status !== undefined) return;
        }
      } finally {
        abort.abort();
      }
    }
    const iterator = run();
    const live: AsyncIterableIterator<AdapterOperationEvent> = {
      next: () => iterator.next(),
      return: async () => {
        abort.abort();
        return iterator.return(undefined);
      },
      [Symbol.asyncIterator]: () => live,
    };
    return live;
  }
}
