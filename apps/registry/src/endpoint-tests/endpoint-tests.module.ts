import { Module } from '@nestjs/common';
import { NatsClient } from '@herald/messaging';
import { EndpointStateView } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { EndpointsModule } from '../endpoints/endpoints.module.js';
import { AttemptWatch } from './attempt-watch.js';
import { EndpointTestsController } from './endpoint-tests.controller.js';
import { EndpointTestsService } from './endpoint-tests.service.js';

/** Endpoint tests through the real pipeline; reads pauses from the health-monitor's KV bucket. */
@Module({
  imports: [EndpointsModule],
  controllers: [EndpointTestsController],
  providers: [
    EndpointTestsService,
    AttemptWatch,
    TenantKeyGuard,
    {
      provide: EndpointStateView,
      useFactory: (nats: NatsClient) => EndpointStateView.open(nats),
      inject: [NatsClient],
    },
  ],
})
export class EndpointTestsModule {}
