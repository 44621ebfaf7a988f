import type { BreakerState } from '@herald/contracts';
import { BREAKER_GAUGE_VALUE } from '@herald/observability';
import type { BreakerSummary } from '../state/health-state.js';

interface ReplicaState {
  state: BreakerState['state'];
  /** When this process heard it (epoch ms). */
  heardAt: number;
}

const RANK: Record<BreakerSummary, number> = BREAKER_GAUGE_VALUE;

/**
 * The breaker state of every endpoint in every dispatcher replica, as
 * announced on `<ns>.breaker.v1.<endpointId>`. Plain data: the caller passes
 * `now`. Invariants: a closed breaker is not remembered; a replica's state
 * not heard of for `ttlMs` is dropped (the replica may be gone — an open
 * breaker re-announces every half-open cycle while its endpoint fails); the
 * summary of an endpoint is the worst state of its replicas.
 */
export class BreakerStates {
  private readonly endpoints = new Map<string, Map<string, ReplicaState>>();

  constructor(private readonly ttlMs: number) {}

  apply(change: BreakerState, now: number): void {
    let replicas = this.endpoints.get(change.endpointId);
    if (change.state === 'closed') {
      replicas?.delete(change.replica);
      if (replicas?.size === 0) this.endpoints.delete(change.endpointId);
      return;
    }
    if (!replicas) {
      replicas = new Map();
      this.endpoints.set(change.endpointId, replicas);
    }
    replicas.set(change.replica, { state: change.state, heardAt: now });
  }

  summary(endpointId: string, now: number): BreakerSummary {
    let worst: BreakerSummary = 'closed';
    for (const replica of this.endpoints.get(endpointId)?.values() ?? []) {
      if (now - replica.heardAt >= this.ttlMs) continue;
      if (RANK[replica.state] > RANK[worst]) worst = replica.state;
    }
    return worst;
  }

  /** Endpoints with a breaker not closed in some replica, with their summary. */
  notClosed(now: number): [string, BreakerSummary][] {
    this.prune(now);
    const found: [string, BreakerSummary][] = [];
    for (const endpointId of this.endpoints.keys()) {
      const summary = this.summary(endpointId, now);
      if (summary !== 'closed') found.push([endpointId, summary]);
    }
    return found;
  }

  prune(now: number): void {
    for (const [endpointId, replicas] of this.endpoints) {
      for (const [replica, state] of replicas) {
        if (now - state.heardAt >= this.ttlMs) replicas.delete(replica);
      }
      if (replicas.size === 0) this.endpoints.delete(endpointId);
    }
  }
}
