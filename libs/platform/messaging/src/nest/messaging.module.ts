import { Global, Module, type DynamicModule } from '@nestjs/common';
import { connectMessaging, MessagingClient } from '../client/messaging-client.js';
import { Publisher } from '../publish/publisher.js';
import { MessagingLifecycle } from './messaging.lifecycle.js';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options.js';

/** One JetStream connection per service, injectable as MessagingClient and Publisher everywhere. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: MessagingClient, useFactory: () => connectMessaging(options) },
        {
          provide: Publisher,
          useFactory: (client: MessagingClient) => new Publisher(client),
          inject: [MessagingClient],
        },
        MessagingLifecycle,
      ],
      exports: [MessagingClient, Publisher],
    };
  }
}
