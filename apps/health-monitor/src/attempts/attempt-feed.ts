import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { attemptMessageSchema, outcomesOf, type AttemptOutcome } from '@herald/contracts';
import { NatsClient } from '@herald/messaging';

export type AttemptListener = (outcome: AttemptOutcome) => void;

/**
 * Attempt outcomes as the dispatcher publishes them, for live views: one
 * core-NATS subscription per process on `<ns>.attempt.v1.>` receives a copy
 * of every outcome JetStream stores, alone or in a batch (the durable consumer still gets each
 * one), so every replica sees every endpoint's attempts whatever partition
 * it owns. At most once and only while connected — the attempt log is the
 * record. Listeners are kept per tenant and only ever get their tenant's
 * outcomes. The subscription exists only while someone listens.
 */
@Injectable()
export class AttemptFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(AttemptFeed.name);
  private readonly listeners = new Map<string, Set<AttemptListener>>();
  private subscription: Subscription | null = null;

  constructor(private readonly nats: NatsClient) {}

  /** Listeners of a tenant right now (to cap streams per tenant). */
  count(tenantId: string): number {
    return this.listeners.get(tenantId)?.size ?? 0;
  }

  /** Calls `listener` with each new outcome of `tenantId`; returns the function that stops it. */
  listen(tenantId: string, listener: AttemptListener): () => void {
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    this.subscribe();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tenantId);
      if (this.listeners.size === 0) this.unsubscribe();
    };
  }

  private subscribe(): void {
    if (this.subscription) return;
    const subscription = this.nats.connection.subscribe(this.nats.ns.wildcard('attempt.v1'));
    this.subscription = subscription;
    void (async () => {
      for await (const message of subscription) {
        let parsed;
        try {
          parsed = attemptMessageSchema.safeParse(message.json());
        } catch {
          continue;
        }
        if (!parsed.success) continue;
        for (const outcome of outcomesOf(parsed.data)) this.tell(outcome);
      }
    })();
  }

  private tell(outcome: AttemptOutcome): void {
    for (const listener of this.listeners.get(outcome.tenantId) ?? []) {
      try {
        listener(outcome);
      } catch (error) {
        this.logger.warn(`attempt listener failed: ${(error as Error).message}`);
      }
    }
  }

  private unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  onApplicationShutdown(): void {
    this.listeners.clear();
    this.unsubscribe();
  }
}
