import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { SettingsController } from './settings.controller.js';
import { TenantsController } from './tenants.controller.js';
import { TenantsService } from './tenants.service.js';

@Module({
  imports: [ApiKeysModule],
  controllers: [TenantsController, SettingsController],
  providers: [TenantsService, AdminTokenGuard, TenantKeyGuard],
})
export class TenantsModule {}
