import { Module, type DynamicModule } from '@nestjs/common';
import {
  AdminTokenGuard,
  QUARANTINE_ADMIN_TOKEN,
  QuarantineController,
} from './quarantine.controller.js';
import { QuarantineStore } from './quarantine.store.js';

/**
 * The quarantine of one service: its store (the service's DataSource, with
 * `QUARANTINE_MIGRATIONS`; `HeraldServiceModule` adds both for a service
 * declared with `quarantine: true`) and `GET /v1/quarantine`, guarded by the
 * operators' token.
 */
@Module({})
export class QuarantineModule {
  static forRoot(options: { adminToken: string | undefined }): DynamicModule {
    return {
      module: QuarantineModule,
      global: true,
      controllers: [QuarantineController],
      providers: [
        QuarantineStore,
        AdminTokenGuard,
        { provide: QUARANTINE_ADMIN_TOKEN, useValue: options.adminToken },
      ],
      exports: [QuarantineStore],
    };
  }
}
