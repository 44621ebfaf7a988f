import { describe, expect, it } from '@jest/globals';
import { undeclaredRoutes } from '@herald/api-auth';
import { DeadLettersController } from './dead-letters/dead-letters.controller.js';
import { EndpointRecoveryController } from './dead-letters/endpoint-recovery.controller.js';
import { ReplaysController } from './dead-letters/replays.controller.js';

describe('dispatcher routes', () => {
  it('every tenant route declares the permission it needs', () => {
    expect(
      undeclaredRoutes([DeadLettersController, EndpointRecoveryController, ReplaysController]),
    ).toEqual([]);
  });
});
