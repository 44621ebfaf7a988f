import type { AlertSignal } from '@herald/contracts';
import type { Destination } from '../destinations/destination.js';

/**
 * Which destinations an alert goes to. Pure. A `test` alert goes to the
 * destination it names, if it is enabled. Every other alert goes to every
 * enabled destination that wants its kind (no kinds filter means all): the
 * alert's tenant's destinations and the operators' destination — never
 * another tenant's.
 */
export function route(signal: AlertSignal, destinations: readonly Destination[]): Destination[] {
  if (signal.kind === 'test') {
    return destinations.filter((d) => d.id === signal.destinationId && d.enabled);
  }
  return destinations.filter(
    (d) =>
      d.enabled &&
      (d.scope === 'operator' || d.tenantId === signal.tenantId) &&
      (d.kinds === null || d.kinds.includes(signal.kind)),
  );
}
