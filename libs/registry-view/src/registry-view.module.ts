import { Module } from '@nestjs/common';
import { NatsClient } from '@herald/messaging';
import { ApiKeyGuard } from './api-key.guard.js';
import { KEEP_ENDPOINT_SECRETS, RegistryView } from './registry-view.js';

/**
 * Provides the loaded registry read model and the API-key guard. Endpoint
 * secrets are dropped unless the service provides `KEEP_ENDPOINT_SECRETS`.
 */
@Module({
  providers: [
    {
      provide: RegistryView,
      useFactory: (nats: NatsClient, keepSecrets?: boolean) =>
        RegistryView.open(nats, { keepSecrets: keepSecrets === true }),
      inject: [NatsClient, { token: KEEP_ENDPOINT_SECRETS, optional: true }],
    },
    ApiKeyGuard,
  ],
  exports: [RegistryView, ApiKeyGuard],
})
export class RegistryViewModule {}
