import { Module } from '@nestjs/common';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { NatsCredentialsController } from './nats-credentials.controller.js';
import { NatsCredentialsService } from './nats-credentials.service.js';
import { NatsRevocations } from './nats-revocations.js';

/** Producer NATS credentials (decentralized JWT auth) of a tenant, and their revocation. */
@Module({
  controllers: [NatsCredentialsController],
  providers: [NatsCredentialsService, NatsRevocations, TenantKeyGuard],
})
export class NatsCredentialsModule {}
