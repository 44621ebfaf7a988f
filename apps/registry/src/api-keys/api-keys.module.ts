import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { MeController } from './me.controller.js';
import { TenantKeyGuard } from './tenant-key.guard.js';

/** API keys of a tenant, and who the calling key is. */
@Module({
  controllers: [ApiKeysController, MeController],
  providers: [ApiKeysService, TenantKeyGuard],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
