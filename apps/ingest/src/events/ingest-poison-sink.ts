import { Injectable } from '@nestjs/common';
import type { PoisonSink } from '@herald/messaging';
import { NatsClient } from '@herald/messaging';
import { RejectionRecorder } from '../rejections/rejection-recorder.js';

/**
 * Where ingest's consumer puts an event it gives up (it kept failing to be
 * stored or fanned out): a rejection, visible in `GET /v1/rejections`, with
 * the reason and the first bytes of the payload. The rejection is committed
 * before the message is terminated; if it cannot be, the message stays.
 */
@Injectable()
export class IngestPoisonSink {
  constructor(
    private readonly nats: NatsClient,
    private readonly rejections: RejectionRecorder,
  ) {}

  readonly sink: PoisonSink = async (_topic, msg, verdict) => {
    const route = this.nats.ns.parseIngestSubject(msg.subject);
    await this.rejections.recordDurably({
      source: 'nats',
      tenantId: route?.tenantId ?? null,
      eventType: route?.eventType ?? null,
      code: verdict.code,
      reason: verdict.reason,
      payload: msg.data,
    });
  };
}
