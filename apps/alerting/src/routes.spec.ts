import { describe, expect, it } from '@jest/globals';
import { undeclaredRoutes } from '@herald/api-auth';
import { AlertsController } from './alerts/alerts.controller.js';
import { DestinationsController } from './destinations/destinations.controller.js';

describe('alerting routes', () => {
  it('every tenant route declares the permission it needs', () => {
    expect(undeclaredRoutes([DestinationsController, AlertsController])).toEqual([]);
  });
});
