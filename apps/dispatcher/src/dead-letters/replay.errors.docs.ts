import { RETRY_AFTER, type ErrorCase } from '@herald/http-api';
import { ReplayLimitReached } from './replay-limit.js';

/** The 429 of a replay request while the tenant's maximum of jobs run. */
export const REPLAY_LIMIT: ErrorCase = {
  error: new ReplayLimitReached(2, 30),
  when: 'the tenant already runs its maximum of replay jobs (`HERALD_REPLAY_MAX_RUNNING`)',
  headers: RETRY_AFTER,
};
