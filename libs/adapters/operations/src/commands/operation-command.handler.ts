import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ServiceEnv } from '@meshplane/config';
import {
  adapterCommandResultEvent,
  adapterCommandsConsumer,
  adapterOperationCommand,
  type AdapterCommandResult,
} from '@meshplane/contracts';
import { DomainError } from '@meshplane/graphql';
import { consume, MessagingClient, Publisher, type ConsumerHandle } from '@meshplane/messaging';
import { Clock } from '@meshplane/runtime';
import { SERVICE_CONFIG } from '@meshplane/service-kit';
import { AdapterOperationsService } from '../operations/adapter-operations.service.js';
import { acceptance, authorizeOperationCommand, refusalOf } from './operation-command.js';

/**
 * RunAdapterOperation commands from other services (durable consumer `adapters-broker-commands`, shared by every
 * replica). Each command is authorized from its own signed context, then requested exactly as `runAdapterOperation`
 * does; the answer (accepted with the operation id, or refused naming the field) is published on the command's result
 * subject before the command is acked. A redelivered command finds its operation by idempotency key and answers the
 * same (the answer is deduplicated by command id): a crash between the insert and the ack never runs it twice.
 */
@Injectable()
export class OperationCommandHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OperationCommandHandler.name);
  private handle?: ConsumerHandle;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnv,
    private readonly client: MessagingClient,
    private readonly publisher: Publisher,
    private readonly operations: AdapterOperationsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = consume(this.client, adapterCommandsConsumer, adapterOperationCommand, async (msg) => {
      const result = await this.answer(msg.data, msg.subject, msg.publishedAt);
      await this.publisher.publish(adapterCommandResultEvent, result);
      if (!result.accepted)
        this.log.warn(
          `command ${result.commandId} refused: ${result.code}${result.field ? ` (${result.field})` : ''}`,
        );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }

  private async answer(
    command: Parameters<typeof authorizeOperationCommand>[0],
    subject: string,
    storedAt: Date,
  ): Promise<AdapterCommandResult> {
    const authorized = authorizeOperationCommand(
      command,
      { subject, storedAt },
      this.config.INTERNAL_CONTEXT_SECRET,
    );
    if (!authorized.ok) return authorized.result;
    try {
      const { row, created } = await this.operations.request(authorized.request);
      return acceptance(command, row.id, created, this.clock.now());
    } catch (error) {
      // A refusal the caller can act on is answered; anything else (the database away) is retried by redelivery.
      if (error instanceof DomainError) return refusalOf(command, error, this.clock.now());
      throw error;
    }
  }
}
