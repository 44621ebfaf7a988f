import { describe, expect, it } from '@jest/globals';
import { batchMessageId, GroupCommit, type GroupCommitSink } from './group-commit.js';

/** An item that counts how often it was serialised. */
class Item {
  static serialised = 0;
  constructor(
    readonly id: number,
    private readonly failing = false,
  ) {}
  toJSON() {
    if (this.failing) throw new Error(`item ${this.id} cannot be serialised`);
    Item.serialised += 1;
    return { id: this.id, pad: 'x'.repeat(90) };
  }
}

/** The bytes of one item's JSON (ids of one digit). */
const ITEM_BYTES = JSON.stringify(new Item(1)).length;

/** A sink whose PubAcks the test releases by hand; records each message's item ids. */
function manualSink() {
  const sent: number[][] = [];
  const acks: (() => void)[] = [];
  const pending = () => new Promise<void>((resolve) => acks.push(resolve));
  const sink: GroupCommitSink<Item> = {
    one: (item) => {
      sent.push([item.id]);
      return pending();
    },
    batch: (_lane, json) => {
      sent.push((JSON.parse(json) as { items: { id: number }[] }).items.map((i) => i.id));
      return pending();
    },
  };
  return { sink, sent, acks };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

function commit(sink: GroupCommitSink<Item>, maxWaitingBytes: number) {
  return new GroupCommit<Item>(sink, {
    maxBatch: 100,
    maxBatchBytes: 1 << 20,
    laneOf: () => 0,
    idOf: (item) => String(item.id),
    field: 'items',
    idPrefix: 'items',
    maxWaitingBytes,
  });
}

/** Acks publishes one at a time until `done` settles. */
async function ackUntil(acks: (() => void)[], done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.finally(() => (settled = true));
  for (let round = 0; round < 50 && !settled; round++) {
    await turn();
    acks.shift()?.();
  }
  await done;
}

describe('GroupCommit waiting bytes', () => {
  it('holds items back unserialised past maxWaitingBytes and publishes every one, in order', async () => {
    Item.serialised = 0;
    const { sink, sent, acks } = manualSink();
    const batches = commit(sink, 3 * ITEM_BYTES);
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => batches.publish(new Item(i))));
    // Three fit the bound; the other seven wait as objects.
    expect(Item.serialised).toBe(3);
    await turn();
    // The first three went out together, and three more took their place.
    expect(sent).toEqual([[0, 1, 2]]);
    expect(Item.serialised).toBe(6);
    await ackUntil(acks, all);
    expect(sent).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(Item.serialised).toBe(10);
  });

  it('always takes one item, however large', async () => {
    const { sink, sent, acks } = manualSink();
    const batches = commit(sink, 1);
    const all = Promise.all([batches.publish(new Item(1)), batches.publish(new Item(2))]);
    await turn();
    expect(sent).toEqual([[1]]);
    await ackUntil(acks, all);
    expect(sent).toEqual([[1], [2]]);
  });

  it('rejects an item held back that cannot be serialised, and goes on with the rest', async () => {
    const { sink, sent, acks } = manualSink();
    const batches = commit(sink, 1);
    const first = batches.publish(new Item(1));
    const bad = batches.publish(new Item(2, true));
    const last = batches.publish(new Item(3));
    // It is serialised when let in, as the first is taken into a publish.
    await expect(bad).rejects.toThrow('item 2 cannot be serialised');
    await ackUntil(acks, Promise.all([first, last]));
    expect(sent).toEqual([[1], [3]]);
  });
});

describe('GroupCommit weights', () => {
  it('counts each item by weightOf against maxBatch; an item heavier than the bound goes alone', async () => {
    const { sink, sent, acks } = manualSink();
    const ids: string[] = [];
    const batches = new GroupCommit<Item>(
      {
        one: (item, json) => sink.one(item, json),
        batch: (lane, json, msgId) => {
          ids.push(msgId);
          return sink.batch(lane, json, msgId);
        },
      },
      {
        maxBatch: 10,
        maxBatchBytes: 1 << 20,
        weightOf: (item) => item.id,
        laneOf: () => 0,
        idOf: (item) => String(item.id),
        field: 'items',
        idPrefix: 'items',
      },
    );
    const all = Promise.all([1, 2, 3, 4, 11, 5, 6].map((id) => batches.publish(new Item(id))));
    await ackUntil(acks, all);
    // 1 + 2 + 3 + 4 fill the bound of 10; 11 alone; 5 + 6 would be 11.
    expect(sent).toEqual([[1, 2, 3, 4], [11], [5], [6]]);
    expect(ids).toEqual([batchMessageId('items', ['1', '2', '3', '4'])]);
  });

  it("names a batch by the sha-256 of its items' ids, each followed by a newline", () => {
    // Pinned: a batch republished by a replica of another version must keep its id.
    expect(batchMessageId('tasks', ['a', 'b'])).toBe(
      'tasks:911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2',
    );
    expect(batchMessageId('tasks', ['a', 'b'])).not.toBe(batchMessageId('tasks', ['ab']));
  });
});

describe('GroupCommit turns across lanes', () => {
  /** Items 1–9 wait in lane 0, 10 and above in lane 1. */
  function laned(sink: GroupCommitSink<Item>, maxPublishing?: number) {
    return new GroupCommit<Item>(sink, {
      maxBatch: 100,
      maxBatchBytes: 1 << 20,
      laneOf: (item) => (item.id >= 10 ? 1 : 0),
      idOf: (item) => String(item.id),
      field: 'items',
      idPrefix: 'items',
      maxPublishing,
    });
  }

  it('publishes every lane at once when unbounded', async () => {
    const { sink, sent, acks } = manualSink();
    const batches = laned(sink);
    const all = Promise.all([1, 10].map((id) => batches.publish(new Item(id))));
    await turn();
    expect(sent).toEqual([[1], [10]]);
    acks.splice(0).forEach((ack) => ack());
    await all;
  });

  it('with maxPublishing 1, a lane gathers items while another publishes, and takes them all on its turn', async () => {
    const { sink, sent, acks } = manualSink();
    const batches = laned(sink, 1);
    const first = Promise.all([1, 10].map((id) => batches.publish(new Item(id))));
    await turn();
    // Lane 0 took the one turn; lane 1 waits for it.
    expect(sent).toEqual([[1]]);
    const later = Promise.all([11, 12, 2].map((id) => batches.publish(new Item(id))));
    await turn();
    expect(sent).toEqual([[1]]);
    acks.shift()!();
    await turn();
    // Lane 1's turn: everything it gathered in one message; lane 0 waits again.
    expect(sent).toEqual([[1], [10, 11, 12]]);
    acks.shift()!();
    await first;
    await turn();
    expect(sent).toEqual([[1], [10, 11, 12], [2]]);
    acks.shift()!();
    await later;
  });

  it('refuses fewer than one publish under way', () => {
    const { sink } = manualSink();
    expect(() => laned(sink, 0)).toThrow(RangeError);
  });

  it('passes the turn on when a publish fails, rejecting only that batch', async () => {
    const sent: number[][] = [];
    let failNext = true;
    const sink: GroupCommitSink<Item> = {
      one: (item) => {
        sent.push([item.id]);
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('no PubAck'));
        }
        return Promise.resolve();
      },
      batch: (_lane, json) => {
        sent.push((JSON.parse(json) as { items: { id: number }[] }).items.map((i) => i.id));
        return Promise.resolve();
      },
    };
    const batches = laned(sink, 1);
    const failed = batches.publish(new Item(1));
    const other = batches.publish(new Item(10));
    await expect(failed).rejects.toThrow('no PubAck');
    await expect(other).resolves.toBeUndefined();
    expect(sent).toEqual([[1], [10]]);
  });
});
