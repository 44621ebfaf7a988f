import type { EndpointView } from '@herald/contracts';

/**
 * Whether an endpoint subscribes to an event. Event-type filters are exact
 * names, `*` (everything) or prefix wildcards (`conversation.*` matches
 * `conversation.created` and `conversation.status.changed`). An endpoint with
 * no channels listed receives every channel; otherwise the event's channel
 * must be one of them (an event without a channel then does not match).
 *
 * Matching ignores `enabled`: a disabled endpoint still gets its tasks, and
 * the dispatcher holds them until the endpoint is re-enabled or the hold
 * expires. Disabling pauses delivery; it never drops messages.
 */
export function eventTypeMatches(filter: string, eventType: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return eventType.startsWith(filter.slice(0, -1));
  return filter === eventType;
}

export function endpointMatches(
  endpoint: Pick<EndpointView, 'eventTypes' | 'channels'>,
  eventType: string,
  channel: string | null,
): boolean {
  if (!endpoint.eventTypes.some((filter) => eventTypeMatches(filter, eventType))) return false;
  if (endpoint.channels.length === 0) return true;
  return channel !== null && endpoint.channels.includes(channel);
}

export function matchingEndpoints(
  endpoints: Iterable<EndpointView>,
  eventType: string,
  channel: string | null,
): EndpointView[] {
  const matched: EndpointView[] = [];
  for (const endpoint of endpoints) {
    if (endpointMatches(endpoint, eventType, channel)) matched.push(endpoint);
  }
  return matched;
}
