import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { breakerStateSchema } from '@herald/contracts';
import { NatsClient } from '@herald/messaging';
import { CLOCK, type Clock } from '@herald/runtime';
import { BreakerStates } from './breaker-states.js';

/**
 * Follows the dispatchers' breaker announcements (core NATS, at most once:
 * they are transient state, re-announced on every change) into `BreakerStates`.
 * A malformed announcement is logged and ignored.
 */
@Injectable()
export class BreakerListener implements OnApplicationShutdown {
  private readonly logger = new Logger(BreakerListener.name);
  private readonly subscription: Subscription;

  constructor(
    nats: NatsClient,
    private readonly states: BreakerStates,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.subscription = nats.connection.subscribe(`${nats.ns.name}.breaker.v1.>`, {
      callback: (error, msg) => {
        if (error) return;
        const parsed = breakerStateSchema.safeParse(safeJson(msg.string()));
        if (parsed.success) this.states.apply(parsed.data, this.clock.now());
        else this.logger.warn(`ignoring malformed breaker announcement on ${msg.subject}`);
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription.unsubscribe();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
