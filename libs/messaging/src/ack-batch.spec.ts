import { describe, expect, it } from '@jest/globals';
import { AckBatch } from './ack-batch.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AckBatch', () => {
  it('acks everything added in one turn together, in the next turn', async () => {
    const acked: number[] = [];
    const batch = new AckBatch();
    for (let i = 0; i < 3; i++) batch.add({ ack: () => acked.push(i) });
    await Promise.resolve();
    expect(acked).toEqual([]);
    await turn();
    expect(acked).toEqual([0, 1, 2]);
    batch.add({ ack: () => acked.push(3) });
    await turn();
    expect(acked).toEqual([0, 1, 2, 3]);
  });

  it('acks what waits at once when flushed (on the way out), and never twice', async () => {
    const acked: string[] = [];
    const batch = new AckBatch();
    batch.add({ ack: () => acked.push('a') });
    batch.flush();
    expect(acked).toEqual(['a']);
    await turn();
    expect(acked).toEqual(['a']);
  });
});
