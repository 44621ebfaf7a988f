import { Module, type DynamicModule } from '@nestjs/common';
import { NatsClient, type NatsClientOptions } from './nats-client.js';
import { Publisher } from './publisher.js';

/** Provides the process's NATS connection (streams ensured) and the typed publisher. */
@Module({})
export class MessagingModule {
  static forRoot(options: NatsClientOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: NatsClient, useFactory: () => NatsClient.connect(options) },
        Publisher,
      ],
      exports: [NatsClient, Publisher],
    };
  }
}
