import { describe, expect, it } from '@jest/globals';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DeliveryTask } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { JetStreamContext, type PoisonVerdict } from '../src/index.js';
import { probeAppForSuite, probeTask, untilDrained } from './probe-app.js';

const calls = new Map<string, number>();
const sunk: { subject: string; id: string; verdict: PoisonVerdict; deliveries: number }[] = [];
let sinkDown = true;

@Controller()
class FlakyHandler {
  @EventPattern<string>('deliver.v1')
  handle(@Payload() task: DeliveryTask, @Ctx() ctx: JetStreamContext) {
    calls.set(task.messageId, (calls.get(task.messageId) ?? 0) + 1);
    if (task.messageId.startsWith('poison')) throw new Error(`cannot store ${ctx.subject}`);
    if (task.messageId === 'outage' && ctx.deliveryCount < 5) {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }
    return undefined;
  }
}

const task = probeTask;

/** Real NATS: a message that keeps failing ends after N attempts, in the sink, and leaves the stream. */
describe('JetStreamTransport poison handling (real NATS)', () => {
  const drained = () =>
    untilDrained(probe.nats, 'probe-deliver', { what: 'consumer drained', timeoutMs: 20_000 });

  const probe = probeAppForSuite({
    service: 'probe',
    topics: ['deliver.v1'],
    controller: FlakyHandler,
    transport: {
      poison: {
        policy: { maxAttempts: 3, maxDeliveries: 100 },
        sink: (_topic, msg, verdict) => {
          const id =
            msg.data.length > 0
              ? (JSON.parse(new TextDecoder().decode(msg.data)) as { messageId?: string }).messageId
              : undefined;
          // The first poison record fails: the message must come back and be recorded later.
          if (sinkDown && id === 'poison-sink-down') {
            sinkDown = false;
            return Promise.reject(new Error('quarantine table unavailable'));
          }
          sunk.push({
            subject: msg.subject,
            id: id ?? '?',
            verdict,
            deliveries: msg.info.deliveryCount,
          });
          return Promise.resolve();
        },
      },
    },
  });

  it('gives a failing message up after maxAttempts, records it, and keeps serving the others', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('poison-1'), 'poison-1');
    for (let i = 0; i < 5; i++)
      await probe.publisher.publish('deliver.v1', 'e1', task(`ok-${i}`), `ok-${i}`);
    await pollUntil(() => sunk.some((s) => s.id === 'poison-1'), {
      what: 'poison recorded',
      timeoutMs: 20_000,
    });
    await drained();
    const record = sunk.find((s) => s.id === 'poison-1')!;
    expect(record.verdict.code).toBe('processing_failed');
    expect(record.verdict.reason).toMatch(/failed 3 times; last error: cannot store/);
    expect(calls.get('poison-1')).toBe(3);
    for (let i = 0; i < 5; i++) expect(calls.get(`ok-${i}`)).toBe(1);
  });

  it('terminates only once the record is durable: a failed record is retried', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('poison-sink-down'), 'psd');
    await pollUntil(() => sunk.some((s) => s.id === 'poison-sink-down'), {
      what: 'recorded on the second try',
      timeoutMs: 30_000,
    });
    await drained();
    expect(sinkDown).toBe(false);
    expect(sunk.filter((s) => s.id === 'poison-sink-down')).toHaveLength(1);
  });

  it('does not count an outage as a failed attempt: the message is processed once it ends', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('outage'), 'outage');
    await pollUntil(() => (calls.get('outage') ?? 0) >= 5, {
      what: 'outage outlasted',
      timeoutMs: 60_000,
    });
    await drained();
    expect(sunk.some((s) => s.id === 'outage')).toBe(false);
  }, 70_000);

  it('records an undecodable message through the sink', async () => {
    await probe.nats.js.publish(
      probe.nats.ns.subject('deliver.v1', 'e1'),
      new TextEncoder().encode('{"messageId":"bad-shape"}'),
    );
    await pollUntil(() => sunk.some((s) => s.id === 'bad-shape'), { what: 'undecodable recorded' });
    expect(sunk.find((s) => s.id === 'bad-shape')!.verdict.code).toBe('undecodable');
    await drained();
  });
});
