import { describe, expect, it } from '@jest/globals';
import {
  ATTEMPT_BATCH_TOKEN,
  attemptMessageSchema,
  outcomesOf,
  partitionOf,
  type AttemptOutcome,
} from '@herald/contracts';
import { anAttemptOutcome } from '@herald/testing';
import { OutcomeBatches, type OutcomeSink } from './outcome-batches.js';

const outcome = (attemptId: string, endpointId = 'ep-a'): AttemptOutcome =>
  anAttemptOutcome({
    attemptId,
    messageId: `msg_${attemptId}`,
    tenantId: 'ten_1',
    endpointId,
    latencyMs: 5,
    at: '2026-12-03T08:00:00.000Z',
  });

/** Two endpoint ids in different health partitions. */
function endpointsInTwoPartitions(): [string, string] {
  const first = 'ep-0';
  for (let i = 1; ; i++) {
    if (partitionOf(`ep-${i}`) !== partitionOf(first)) return [first, `ep-${i}`];
  }
}

interface Sent {
  subject: string;
  outcomes: AttemptOutcome[];
  msgId: string;
}

/** A sink whose PubAcks the test releases by hand, one publish at a time. */
function manualSink() {
  const sent: Sent[] = [];
  const acks: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const pending = () =>
    new Promise<void>((resolve, reject) => {
      acks.push({ resolve, reject });
    });
  const sink: OutcomeSink = {
    one: (o) => {
      sent.push({ subject: `one.${o.endpointId}`, outcomes: [o], msgId: o.attemptId });
      return pending();
    },
    batch: (partition, json, msgId) => {
      const message = attemptMessageSchema.parse(JSON.parse(json));
      sent.push({ subject: `batch.${partition}`, outcomes: outcomesOf(message), msgId });
      return pending();
    },
  };
  return { sink, sent, acks };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Batches on a manual sink, with limits no test here reaches. */
function unlimitedBatches() {
  const { sink, sent, acks } = manualSink();
  return {
    batches: new OutcomeBatches(sink, { maxBatch: 100, maxBatchBytes: 1 << 20 }),
    sent,
    acks,
  };
}

/**
 * Publishes `first` alone and, while it waits for its PubAck, `ids`; then acks
 * `first`, so that `ids` go out together as the next message (unacked).
 */
async function batchedBehind(
  batches: OutcomeBatches,
  acks: ReturnType<typeof manualSink>['acks'],
  first: string,
  ids: string[],
): Promise<Promise<void>[]> {
  const blocker = batches.publish(outcome(first));
  await turn();
  const queued = ids.map((id) => batches.publish(outcome(id)));
  acks[0]!.resolve();
  await blocker;
  await turn();
  return queued;
}

describe('OutcomeBatches', () => {
  it('publishes a lone outcome alone, and resolves on its PubAck', async () => {
    const { batches, sent, acks } = unlimitedBatches();
    let done = false;
    const published = batches.publish(outcome('a1')).then(() => (done = true));
    await turn();
    expect(sent).toEqual([{ subject: 'one.ep-a', outcomes: [outcome('a1')], msgId: 'a1' }]);
    expect(done).toBe(false);
    acks[0]!.resolve();
    await published;
    expect(done).toBe(true);
  });

  it('gathers what finishes while a publish awaits its PubAck into the next message', async () => {
    const { batches, sent, acks } = unlimitedBatches();
    const first = batches.publish(outcome('a1'));
    await turn();
    const rest = ['a2', 'a3', 'a4'].map((id) => batches.publish(outcome(id)));
    await turn();
    expect(sent).toHaveLength(1); // one publish under way per partition
    acks[0]!.resolve();
    await first;
    await turn();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.subject).toBe(`batch.${partitionOf('ep-a')}`);
    expect(sent[1]!.outcomes.map((o) => o.attemptId)).toEqual(['a2', 'a3', 'a4']);
    expect(sent[1]!.msgId).toMatch(new RegExp(`^${ATTEMPT_BATCH_TOKEN}:[0-9a-f]{64}$`));
    acks[1]!.resolve();
    await Promise.all(rest);
  });

  it('keeps each health partition apart, and each partition’s publishes one at a time', async () => {
    const [x, y] = endpointsInTwoPartitions();
    const { batches, sent, acks } = unlimitedBatches();
    const all = [
      batches.publish(outcome('x1', x)),
      batches.publish(outcome('y1', y)),
      batches.publish(outcome('x2', x)),
    ];
    await turn();
    expect(sent.map((s) => s.outcomes.map((o) => o.attemptId))).toEqual([['x1', 'x2'], ['y1']]);
    for (const ack of acks) ack.resolve();
    await Promise.all(all);
  });

  it('with one publish under way across partitions, lets a partition gather while another publishes', async () => {
    const [x, y] = endpointsInTwoPartitions();
    const { sink, sent, acks } = manualSink();
    const batches = new OutcomeBatches(sink, {
      maxBatch: 100,
      maxBatchBytes: 1 << 20,
      maxPublishing: 1,
    });
    const first = [batches.publish(outcome('x1', x)), batches.publish(outcome('y1', y))];
    await turn();
    expect(sent.map((s) => s.subject)).toEqual([`one.${x}`]);
    const later = [batches.publish(outcome('y2', y)), batches.publish(outcome('y3', y))];
    await turn();
    acks[0]!.resolve();
    await turn();
    // y's turn: what it gathered while x's outcome was stored, in one message.
    expect(sent[1]!.subject).toBe(`batch.${partitionOf(y)}`);
    expect(sent[1]!.outcomes.map((o) => o.attemptId)).toEqual(['y1', 'y2', 'y3']);
    acks[1]!.resolve();
    await Promise.all([...first, ...later]);
  });

  it('bounds a message by count and by bytes; an outcome over the byte budget goes alone', async () => {
    const { sink, sent, acks } = manualSink();
    const bytes = Buffer.byteLength(JSON.stringify(outcome('b1')));
    const batches = new OutcomeBatches(sink, { maxBatch: 3, maxBatchBytes: bytes * 2 });
    const blocker = batches.publish(outcome('b0'));
    await turn();
    const big = { ...outcome('big'), responseBody: 'x'.repeat(bytes * 3) };
    const queued = [
      ...['b1', 'b2', 'b3'].map((id) => batches.publish(outcome(id))),
      batches.publish(big),
      ...['b4', 'b5', 'b6', 'b7'].map((id) => batches.publish(outcome(id))),
    ];
    acks[0]!.resolve();
    await blocker;
    while (sent.length < 6) {
      await turn();
      acks[sent.length - 1]!.resolve();
    }
    await Promise.all(queued);
    expect(sent.map((s) => s.outcomes.map((o) => o.attemptId))).toEqual([
      ['b0'],
      ['b1', 'b2'],
      ['b3'],
      ['big'],
      ['b4', 'b5'],
      ['b6', 'b7'],
    ]);
  });

  it('rejects every outcome of a publish that fails, and goes on with the next batch', async () => {
    const { batches, sent, acks } = unlimitedBatches();
    const failing = await batchedBehind(batches, acks, 'c0', ['c1', 'c2']);
    const later = batches.publish(outcome('c3'));
    acks[1]!.reject(new Error('no PubAck'));
    for (const p of failing) await expect(p).rejects.toThrow('no PubAck');
    await turn();
    expect(sent[2]!.outcomes.map((o) => o.attemptId)).toEqual(['c3']);
    acks[2]!.resolve();
    await later;
  });

  it('gives two batches with different outcomes different de-duplication ids', async () => {
    const { batches, sent, acks } = unlimitedBatches();
    const one = await batchedBehind(batches, acks, 'd0', ['d1', 'd2']);
    const two = [batches.publish(outcome('d1')), batches.publish(outcome('d3'))];
    acks[1]!.resolve();
    await Promise.all(one);
    await turn();
    acks[2]!.resolve();
    await Promise.all(two);
    expect(sent[1]!.msgId).not.toBe(sent[2]!.msgId);
  });
});
