import { describe, expect, it } from '@jest/globals';
import {
  Controller,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DeliveryTask } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { JetStreamContext, nak, PermanentMessageError } from '../src/index.js';
import { probeAppForSuite, probeTask, untilDrained } from './probe-app.js';

const seen: { id: string; delivery: number }[] = [];
const rejected: string[] = [];

@Controller()
class ProbeHandler {
  @EventPattern<string>('deliver.v1')
  handle(@Payload() task: DeliveryTask, @Ctx() ctx: JetStreamContext) {
    seen.push({ id: task.messageId, delivery: ctx.deliveryCount });
    if (task.messageId === 'retry-once' && ctx.deliveryCount === 1) return nak(10);
    if (task.messageId === 'throws-once' && ctx.deliveryCount === 1) throw new Error('boom');
    if (task.messageId === 'permanent') throw new PermanentMessageError('BAD', 'never works');
    return undefined;
  }
}

const task = probeTask;

const intercepted: string[] = [];

@Injectable()
class RecordingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    intercepted.push(context.switchToRpc().getData<DeliveryTask>().messageId);
    return next.handle();
  }
}

const enhancedSeen: string[] = [];

/** A handler with an interceptor of its own: it must keep Nest's pipeline. */
@Controller()
@UseInterceptors(RecordingInterceptor)
class EnhancedHandler {
  @EventPattern<string>('deliver.v1')
  handle(@Payload() task: DeliveryTask) {
    enhancedSeen.push(task.messageId);
  }
}

describe('JetStreamTransport (real NATS)', () => {
  const probe = probeAppForSuite({
    service: 'probe',
    topics: ['deliver.v1'],
    controller: ProbeHandler,
    transport: {
      onRejected: (_topic, msg, reason) => rejected.push(`${msg.subject}: ${reason}`),
    },
  });

  it("calls a plain handler as a method, without Nest's RPC pipeline", () => {
    expect(probe.transport.directTopics).toEqual(['deliver.v1']);
  });

  it('delivers a valid message to its handler and acks it', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('plain'), 'plain');
    await pollUntil(() => seen.some((s) => s.id === 'plain'), { what: 'plain delivered' });
    const info = await untilDrained(probe.nats, 'probe-deliver', { what: 'consumer drained' });
    expect(info.delivered.consumer_seq).toBeGreaterThanOrEqual(1);
  });

  it('de-duplicates publishes with the same message id', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('dup'), 'dup-id');
    const second = await probe.publisher.publish('deliver.v1', 'e1', task('dup'), 'dup-id');
    expect(second.duplicate).toBe(true);
  });

  it('redelivers after a nak with delay, and after a thrown error', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('retry-once'), 'retry-once');
    await probe.publisher.publish('deliver.v1', 'e1', task('throws-once'), 'throws-once');
    await pollUntil(() => seen.some((s) => s.id === 'retry-once' && s.delivery === 2), {
      what: 'nak redelivery',
    });
    await pollUntil(() => seen.some((s) => s.id === 'throws-once' && s.delivery === 2), {
      what: 'redelivery after error',
      timeoutMs: 5_000,
    });
  });

  it('terminates permanently failing and undecodable messages without calling again', async () => {
    await probe.publisher.publish('deliver.v1', 'e1', task('permanent'), 'permanent');
    await probe.nats.js.publish(
      probe.nats.ns.subject('deliver.v1', 'e1'),
      new TextEncoder().encode('{not json'),
    );
    await probe.nats.js.publish(
      probe.nats.ns.subject('deliver.v1', 'e1'),
      new TextEncoder().encode(JSON.stringify({ messageId: 'missing-fields' })),
    );
    await pollUntil(() => rejected.length >= 2, { what: 'two rejections' });
    expect(rejected.join('\n')).toMatch(/not valid JSON/);
    expect(rejected.join('\n')).toMatch(/tenantId/);
    await untilDrained(probe.nats, 'probe-deliver', { what: 'consumer drained' });
    expect(seen.filter((s) => s.id === 'permanent')).toHaveLength(1);
  });
});

describe('JetStreamTransport with an enhanced handler (real NATS)', () => {
  const probe = probeAppForSuite({
    service: 'probe',
    topics: ['deliver.v1'],
    controller: EnhancedHandler,
    providers: [RecordingInterceptor],
  });

  it("keeps Nest's pipeline for a handler with enhancers: its interceptor runs", async () => {
    expect(probe.transport.directTopics).toEqual([]);
    await probe.publisher.publish('deliver.v1', 'e1', task('enhanced'), 'enhanced');
    await pollUntil(() => enhancedSeen.includes('enhanced'), { what: 'enhanced delivered' });
    expect(intercepted).toEqual(['enhanced']);
  });
});
