import type { AttemptOutcome } from '@herald/contracts';

/**
 * The endpoint URL as alerts show it: no credentials, no fragment, and every
 * query value replaced by `redacted` (`?token=abc` → `?token=redacted`) —
 * integrators put API keys in query strings, and alerts go to third parties.
 * Pure; an unparsable URL is shown as `(invalid URL)`.
 */
export function alertUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const keys = [...parsed.searchParams.keys()];
  if (keys.length > 0) {
    parsed.search = keys.map((key) => `${encodeURIComponent(key)}=redacted`).join('&');
  }
  return parsed.toString();
}

/** Who an alert is about: the tenant and the endpoint, with its URL as alerts show it. */
export function aboutEndpoint(source: { tenantId: string; endpointId: string; url: string }): {
  tenantId: string;
  endpointId: string;
  endpointUrl: string;
} {
  return {
    tenantId: source.tenantId,
    endpointId: source.endpointId,
    endpointUrl: alertUrl(source.url),
  };
}

/** What a delivery alert tells of the attempt that raised it. */
export function aboutDelivery(outcome: AttemptOutcome) {
  return {
    ...aboutEndpoint(outcome),
    messageId: outcome.messageId,
    eventType: outcome.eventType,
    attempts: outcome.attempt,
    statusCode: outcome.statusCode,
    error: outcome.error,
  };
}
