import { Module } from '@nestjs/common';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { CatalogsController } from './catalogs.controller.js';
import { EventTypesController } from './event-types.controller.js';
import { EventTypesService } from './event-types.service.js';

/** The event-type catalog, and the example catalogs shipped with Herald. */
@Module({
  controllers: [EventTypesController, CatalogsController],
  providers: [EventTypesService, TenantKeyGuard],
})
export class EventTypesModule {}
