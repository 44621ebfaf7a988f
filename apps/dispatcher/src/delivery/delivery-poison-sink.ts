import { Injectable } from '@nestjs/common';
import { deliveryMessageSchema, tasksOf } from '@herald/contracts';
import type { PoisonSink } from '@herald/messaging';
import { QuarantineStore } from '@herald/quarantine';
import { DeadLetterStore } from '../dead-letters/dead-letter.store.js';
import { DispatcherMetrics } from '../metrics/dispatcher-metrics.js';

/**
 * Where the dispatcher's consumer puts what it gives up: a delivery task it
 * can read becomes a dead letter (`processing_failed`, the reason in its last
 * error), which the tenant sees and can replay; anything else — a message
 * that is not a delivery task — goes to the quarantine.
 */
@Injectable()
export class DeliveryPoisonSink {
  constructor(
    private readonly deadLetters: DeadLetterStore,
    private readonly quarantine: QuarantineStore,
    private readonly metrics: DispatcherMetrics,
  ) {}

  readonly sink: PoisonSink = async (topic, msg, verdict) => {
    const tasks = topic === 'deliver.v1' ? readTasks(msg.data) : null;
    if (!tasks) return this.quarantine.record(topic, msg, verdict);
    // A batch given up is each of its tasks given up.
    for (const task of tasks) {
      await this.deadLetters.record({
        task,
        reason: 'processing_failed',
        lastOutcome: null,
        error: `${verdict.code}: ${verdict.reason}`,
      });
      this.metrics.deadLettered('processing_failed');
    }
  };
}

function readTasks(data: Uint8Array) {
  try {
    const parsed = deliveryMessageSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    return parsed.success ? tasksOf(parsed.data) : null;
  } catch {
    return null;
  }
}
