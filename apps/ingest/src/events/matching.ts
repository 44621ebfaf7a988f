import { subscribes } from '@herald/catalog';
import type { EndpointView } from '@herald/contracts';
import { matchesPayload } from '@herald/payload-filter';

/**
 * Whether an endpoint subscribes to an event, as pure functions:
 *
 * - event type and version: its filters (`@herald/catalog` `subscribes`:
 *   exact names, `*`, prefix wildcards on a dot boundary, pinned versions;
 *   unpinned filters receive the type's default version only);
 * - channel: an endpoint with no channels listed receives every channel;
 *   otherwise the event's channel must be one of them (an event without a
 *   channel then does not match);
 * - payload: its payload filter, if any, must hold for the producer's payload.
 *
 * Matching ignores `enabled`: a disabled endpoint still gets its tasks, and
 * the dispatcher holds them until the endpoint is re-enabled or the hold
 * expires. Disabling pauses delivery; it never drops messages.
 */
export interface EventToMatch {
  eventType: string;
  version: number;
  channel: string | null;
  /** The producer's payload, parsed. */
  payload: unknown;
}

export function endpointMatches(
  endpoint: Pick<EndpointView, 'eventTypes' | 'channels' | 'payloadFilter'>,
  event: EventToMatch,
  typeDefaultVersion: number | null,
  type = { name: event.eventType, version: event.version },
): boolean {
  if (!subscribes(endpoint.eventTypes, type, typeDefaultVersion)) return false;
  if (endpoint.channels.length > 0) {
    if (event.channel === null || !endpoint.channels.includes(event.channel)) return false;
  }
  return !endpoint.payloadFilter || matchesPayload(endpoint.payloadFilter, event.payload);
}

export function matchingEndpoints(
  endpoints: Iterable<EndpointView>,
  event: EventToMatch,
  typeDefaultVersion: number | null,
): EndpointView[] {
  const matched: EndpointView[] = [];
  const type = { name: event.eventType, version: event.version };
  for (const endpoint of endpoints) {
    if (endpointMatches(endpoint, event, typeDefaultVersion, type)) matched.push(endpoint);
  }
  return matched;
}
