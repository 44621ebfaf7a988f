import { RejectedEvent } from './events/event-rules.js';

/** The code of the RejectedEvent that `fn` throws, or `accepted` when it throws none. */
export function rejectionCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof RejectedEvent) return error.code;
    throw error;
  }
  return 'accepted';
}
