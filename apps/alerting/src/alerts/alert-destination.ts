import type { AlertingConfig } from '../config.js';

/** Where alerts go. Holds the token: never log or persist this object. */
export interface AlertDestination {
  url: string;
  token: string;
  timeoutMs: number;
}

export const ALERT_DESTINATION = Symbol('ALERT_DESTINATION');

/** The configured webhook destination, or null when none is set (alerts are then skipped). */
export function alertDestination(config: AlertingConfig): AlertDestination | null {
  const url = config.HERALD_ALERT_WEBHOOK_URL;
  const token = config.HERALD_ALERT_TOKEN;
  if (url === undefined || token === undefined) return null;
  return { url, token, timeoutMs: config.HERALD_ALERT_TIMEOUT };
}
