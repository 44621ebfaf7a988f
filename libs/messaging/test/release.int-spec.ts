import { afterAll, describe, expect, it } from '@jest/globals';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DeliveryTask } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { JetStreamContext } from '../src/index.js';
import { probeAppForSuite, probeTask, untilDrained } from './probe-app.js';

/**
 * `ctx.release()` against a real consumer of concurrency 1: a handler that
 * released its slot and is still waiting does not hold back the next message,
 * and its message is settled exactly once, when the handler returns.
 */
const seen: { id: string; delivery: number }[] = [];
let openGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (openGate = resolve));

@Controller()
class ParkingHandler {
  @EventPattern<string>('deliver.v1')
  async handle(@Payload() task: DeliveryTask, @Ctx() ctx: JetStreamContext) {
    seen.push({ id: task.messageId, delivery: ctx.deliveryCount });
    if (task.messageId.startsWith('parked')) {
      ctx.release();
      await gate;
    }
  }
}

const task = probeTask;

describe('JetStreamContext.release (real NATS)', () => {
  // Declared first so that it runs first: the app closes only once no handler waits.
  afterAll(() => {
    openGate();
  });
  const probe = probeAppForSuite({
    service: 'park',
    topics: ['deliver.v1'],
    controller: ParkingHandler,
    transport: { consumers: { 'deliver.v1': { concurrency: 1 } } },
  });

  const consumerInfo = () =>
    probe.nats.jsm.consumers.info(probe.nats.ns.stream('deliver.v1'), 'park-deliver');

  it('lets later messages through while released ones wait, then settles each once', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('parked-1'), 'parked-1');
    await probe.publisher.publish('deliver.v1', 'e1', task('parked-2'), 'parked-2');
    await probe.publisher.publish('deliver.v1', 'e1', task('plain'), 'plain');

    await pollUntil(() => seen.some((s) => s.id === 'plain'), {
      what: 'the message behind two parked ones to be handled',
    });
    await pollUntil(async () => (await consumerInfo()).num_ack_pending === 2, {
      what: 'only the parked messages unsettled',
    });

    openGate();
    await untilDrained(probe.nats, 'park-deliver', { what: 'parked messages acked' });
    expect(seen.map((s) => s.id).sort()).toEqual(['parked-1', 'parked-2', 'plain']);
    expect(seen.every((s) => s.delivery === 1)).toBe(true);
  });
});
