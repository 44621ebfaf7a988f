import { Module } from '@nestjs/common';
import { RegistryViewModule } from '@herald/registry-view';
import { ApiKeyGuard } from './api-key.guard.js';

/**
 * The API-key guard over the registry read model: a module whose controllers
 * use `@UseGuards(ApiKeyGuard)` imports this (it brings the read model too).
 */
@Module({
  imports: [RegistryViewModule],
  providers: [ApiKeyGuard],
  exports: [RegistryViewModule, ApiKeyGuard],
})
export class ApiAuthModule {}
