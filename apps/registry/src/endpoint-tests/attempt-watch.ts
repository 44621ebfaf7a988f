import { Injectable } from '@nestjs/common';
import {
  attemptMessageSchema,
  outcomesOf,
  partitionOf,
  type AttemptOutcome,
} from '@herald/contracts';
import { NatsClient } from '@herald/messaging';

/** A watch for the first attempt of one message at one endpoint; `stop()` always, when done. */
export interface AttemptWait {
  /** The outcome, or null when none came within the time. */
  outcome: Promise<AttemptOutcome | null>;
  stop(): void;
}

/**
 * Sees attempt outcomes as the dispatcher publishes them, without consuming
 * them: a core-NATS subscription on the endpoint's partition,
 * `<ns>.attempt.v1.<partition>.>`, receives a copy of every message JetStream
 * stores there (single outcomes and batches of the partition's outcomes), while the
 * health-monitor's durable consumer still gets each one. At most once — good
 * enough for an answer to an interactive request; the attempt log has the
 * durable record. Subscribe before publishing what causes the attempt.
 */
@Injectable()
export class AttemptWatch {
  constructor(private readonly nats: NatsClient) {}

  firstAttempt(endpointId: string, messageId: string, timeoutMs: number): AttemptWait {
    const subscription = this.nats.connection.subscribe(
      this.nats.ns.partitionWildcard('attempt.v1', partitionOf(endpointId)),
    );
    let timer: NodeJS.Timeout | undefined;
    const outcome = new Promise<AttemptOutcome | null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
      void (async () => {
        for await (const message of subscription) {
          const parsed = attemptMessageSchema.safeParse(message.json());
          if (!parsed.success) continue;
          const outcome = outcomesOf(parsed.data).find(
            (o) => o.endpointId === endpointId && o.messageId === messageId,
          );
          if (outcome) {
            resolve(outcome);
            return;
          }
        }
        resolve(null);
      })();
    });
    return {
      outcome,
      stop: () => {
        clearTimeout(timer);
        subscription.unsubscribe();
      },
    };
  }
}
