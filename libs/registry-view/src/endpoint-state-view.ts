import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { endpointStateSchema, type EndpointState } from '@herald/contracts';
import type { NatsClient } from '@herald/messaging';
import { followBucket, type BucketFollower } from './follow-bucket.js';

const KEY_PREFIX = 'endpoint.';

/**
 * In-memory copy of the endpoint delivery states the health-monitor decides
 * (pauses), kept current by following the KV bucket `<ns>_endpoint_state`.
 * Every dispatcher replica holds one, so a pause applies to all of them within
 * milliseconds. Invariant: an expired pause is no pause, whether or not the
 * health-monitor has deleted its key yet.
 */
export class EndpointStateView implements OnApplicationShutdown {
  private readonly logger = new Logger(EndpointStateView.name);
  private readonly states = new Map<string, EndpointState>();
  private follower: BucketFollower | null = null;

  /** Opens (creating if needed) the bucket and loads it. */
  static async open(nats: NatsClient): Promise<EndpointStateView> {
    const kv = await nats.openBucket(nats.ns.endpointStateBucket, { history: 1 });
    const view = new EndpointStateView();
    view.follower = await followBucket(
      kv,
      nats.ns.endpointStateBucket,
      (key, value) => view.apply(key, value),
      view.logger,
    );
    return view;
  }

  private apply(key: string, value: unknown): void {
    if (!key.startsWith(KEY_PREFIX)) return;
    const endpointId = key.slice(KEY_PREFIX.length);
    if (value === null) this.states.delete(endpointId);
    else this.states.set(endpointId, endpointStateSchema.parse(value));
  }

  /** When the endpoint's pause ends (epoch ms), or null when it is not paused at `nowMs`. */
  pausedUntil(endpointId: string, nowMs: number): number | null {
    const state = this.states.get(endpointId);
    if (state?.state !== 'paused') return null;
    const until = Date.parse(state.until);
    return until > nowMs ? until : null;
  }

  onApplicationShutdown(): void {
    this.follower?.stop();
  }
}
