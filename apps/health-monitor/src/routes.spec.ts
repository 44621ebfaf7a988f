import { describe, expect, it } from '@jest/globals';
import { undeclaredRoutes } from '@herald/api-auth';
import { AttemptsController } from './attempts/attempts.controller.js';
import { AttemptStreamController } from './attempts/attempt-stream.controller.js';
import { TenantAttemptsController } from './attempts/tenant-attempts.controller.js';
import { HealthController } from './health/health.controller.js';

describe('health-monitor routes', () => {
  it('every tenant route declares the permission it needs', () => {
    expect(
      undeclaredRoutes([
        AttemptsController,
        TenantAttemptsController,
        AttemptStreamController,
        HealthController,
      ]),
    ).toEqual([]);
  });
});
