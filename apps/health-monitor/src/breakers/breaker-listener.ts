import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { breakerStateSchema } from '@herald/contracts';
import { NatsClient } from '@herald/messaging';
import { CLOCK, type Clock } from '@herald/runtime';
import { followAnnouncements } from '../nats/announcements.js';
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
    this.subscription = followAnnouncements(nats, `${nats.ns.name}.breaker.v1.>`, {
      schema: breakerStateSchema,
      what: 'breaker announcement',
      logger: this.logger,
      handle: (state) => this.states.apply(state, this.clock.now()),
    });
  }

  onApplicationShutdown(): void {
    this.subscription.unsubscribe();
  }
}
