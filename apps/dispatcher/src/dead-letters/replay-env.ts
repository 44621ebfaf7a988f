import { z } from 'zod';
import { durationVar } from '@herald/config';

/**
 * Settings of replay jobs, spread into the dispatcher's env schema.
 * The rate is per tenant and per replica: a tenant's concurrent jobs share it.
 */
export const replayEnv = {
  /** Dead letters a replay job republishes per second (per tenant, per replica). */
  HERALD_REPLAY_RATE: z.coerce.number().positive().default(50),
  /** Replay jobs one tenant may have running at once; one more answers 429. */
  HERALD_REPLAY_MAX_RUNNING: z.coerce.number().int().positive().default(3),
  /** A replica's claim on a running job; after a crash, another replica resumes it this much later. */
  HERALD_REPLAY_LEASE: durationVar('30s'),
};

export interface ReplaySettings {
  HERALD_REPLAY_RATE: number;
  HERALD_REPLAY_MAX_RUNNING: number;
  HERALD_REPLAY_LEASE: number;
}
