import { Module } from '@nestjs/common';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { PortalSessionGuard } from './portal-session.guard.js';
import { PortalSessionsController } from './portal-sessions.controller.js';
import { PortalSettingsController } from './portal-settings.controller.js';
import { PortalService } from './portal.service.js';

/** Portal links (signed session tokens) and per-tenant portal settings. */
@Module({
  controllers: [PortalSessionsController, PortalSettingsController],
  providers: [PortalService, TenantKeyGuard, PortalSessionGuard],
})
export class PortalModule {}
