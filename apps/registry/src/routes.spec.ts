import { describe, expect, it } from '@jest/globals';
import { undeclaredRoutes } from '@herald/api-auth';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { MeController } from './api-keys/me.controller.js';
import { EndpointTestsController } from './endpoint-tests/endpoint-tests.controller.js';
import { EndpointsController } from './endpoints/endpoints.controller.js';
import { CatalogsController } from './event-types/catalogs.controller.js';
import { EventTypesController } from './event-types/event-types.controller.js';
import { PortalSessionsController } from './portal/portal-sessions.controller.js';
import { PortalSettingsController } from './portal/portal-settings.controller.js';
import { SecretsController } from './secrets/secrets.controller.js';
import { SettingsController } from './tenants/settings.controller.js';

describe('registry routes', () => {
  it('every tenant route declares the permission it needs', () => {
    expect(
      undeclaredRoutes([
        ApiKeysController,
        MeController,
        EndpointsController,
        EndpointTestsController,
        CatalogsController,
        EventTypesController,
        SecretsController,
        SettingsController,
        PortalSessionsController,
        PortalSettingsController,
      ]),
    ).toEqual([]);
  });
});
