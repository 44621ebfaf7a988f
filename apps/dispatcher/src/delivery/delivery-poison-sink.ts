import { Injectable } from '@nestjs/common';
import { deliveryTaskSchema } from '@herald/contracts';
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
    const task = topic === 'deliver.v1' ? readTask(msg.data) : null;
    if (!task) return this.quarantine.record(topic, msg, verdict);
    await this.deadLetters.record({
      task,
      reason: 'processing_failed',
      lastOutcome: null,
      error: `${verdict.code}: ${verdict.reason}`,
    });
    this.metrics.deadLettered('processing_failed');
  };
}

function readTask(data: Uint8Array) {
  try {
    const parsed = deliveryTaskSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
