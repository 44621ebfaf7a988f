import { Module } from '@nestjs/common';
import { NatsClient } from '@herald/messaging';
import { KEEP_ENDPOINT_SECRETS, RegistryView } from './registry-view.js';

/**
 * Provides the loaded registry read model. Endpoint secrets are dropped
 * unless the service provides `KEEP_ENDPOINT_SECRETS`. The API-key guard over
 * it is `ApiAuthModule` (`@herald/api-auth`).
 */
@Module({
  providers: [
    {
      provide: RegistryView,
      useFactory: (nats: NatsClient, keepSecrets?: boolean) =>
        RegistryView.open(nats, { keepSecrets: keepSecrets === true }),
      inject: [NatsClient, { token: KEEP_ENDPOINT_SECRETS, optional: true }],
    },
  ],
  exports: [RegistryView],
})
export class RegistryViewModule {}
