import { Module } from '@nestjs/common';
import { addressPolicyFrom } from '@herald/ssrf';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { ENDPOINT_INPUT, endpointInputSchemas } from './endpoint-input.js';
import { EndpointsController } from './endpoints.controller.js';
import { EndpointGuards } from './endpoint-guards.js';
import { EndpointsService } from './endpoints.service.js';

@Module({
  controllers: [EndpointsController],
  providers: [
    EndpointsService,
    EndpointGuards,
    TenantKeyGuard,
    {
      provide: ENDPOINT_INPUT,
      useFactory: (config: RegistryConfig) =>
        endpointInputSchemas({
          policy: addressPolicyFrom(config),
          maxLength: config.HERALD_MAX_URL_LENGTH,
        }),
      inject: [REGISTRY_CONFIG],
    },
  ],
  exports: [EndpointsService],
})
export class EndpointsModule {}
