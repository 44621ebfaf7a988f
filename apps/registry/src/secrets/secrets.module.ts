import { Module } from '@nestjs/common';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { SecretExpirySweep } from './secret-expiry.sweep.js';
import { SecretsController } from './secrets.controller.js';
import { SecretsService } from './secrets.service.js';

/** Signing secrets: reveal, rotate, and the sweep that ends rotation grace periods. */
@Module({
  controllers: [SecretsController],
  providers: [SecretsService, SecretExpirySweep, TenantKeyGuard],
})
export class SecretsModule {}
