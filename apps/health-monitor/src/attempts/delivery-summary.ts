import type { AttemptEntity } from './attempt.entity.js';

/**
 * Where one message stands at each endpoint, from its attempts (pure): the
 * latest attempt of each endpoint decides — success → `delivered`, a final
 * failure → `failed`, any other failure → `retrying` (with when).
 */
export interface DeliveryStatus {
  endpointId: string;
  status: 'delivered' | 'failed' | 'retrying';
  attempts: number;
  lastAttemptAt: string;
  lastStatusCode: number | null;
  nextAttemptAt: string | null;
}

export function deliveryStatuses(attempts: AttemptEntity[]): DeliveryStatus[] {
  const byEndpoint = new Map<string, AttemptEntity[]>();
  for (const attempt of attempts) {
    const list = byEndpoint.get(attempt.endpointId) ?? [];
    list.push(attempt);
    byEndpoint.set(attempt.endpointId, list);
  }
  return [...byEndpoint.entries()].map(([endpointId, list]) => {
    const latest = list.reduce((a, b) =>
      b.at > a.at || (b.at.getTime() === a.at.getTime() && b.attempt > a.attempt) ? b : a,
    );
    const status =
      latest.outcome === 'success' ? 'delivered' : latest.final ? 'failed' : 'retrying';
    return {
      endpointId,
      status,
      attempts: list.length,
      lastAttemptAt: latest.at.toISOString(),
      lastStatusCode: latest.statusCode,
      nextAttemptAt: status === 'retrying' ? (latest.nextAttemptAt?.toISOString() ?? null) : null,
    };
  });
}
