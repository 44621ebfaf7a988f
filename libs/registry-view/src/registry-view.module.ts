import { Module } from '@nestjs/common';
import { NatsClient } from '@herald/messaging';
import { ApiKeyGuard } from './api-key.guard.js';
import { RegistryView } from './registry-view.js';

/** Provides the loaded registry read model and the API-key guard. */
@Module({
  providers: [
    {
      provide: RegistryView,
      useFactory: (nats: NatsClient) => RegistryView.open(nats),
      inject: [NatsClient],
    },
    ApiKeyGuard,
  ],
  exports: [RegistryView, ApiKeyGuard],
})
export class RegistryViewModule {}
