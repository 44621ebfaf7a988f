import { describe, expect, it } from '@jest/globals';
import { decodeBatch, encodeBatch } from './relay-batch.js';

describe('relay batch framing', () => {
  it('gives back every item, in order, with bodies byte for byte', () => {
    const items = [
      { id: 'm-1', key: 'steady-b-0', body: new TextEncoder().encode('{"a":1}') },
      { id: 'm-é', key: '', body: new Uint8Array([0, 255, 4, 0, 0, 0, 9]) },
      { id: 'm-3', key: 'steady-b-9', body: new Uint8Array(0) },
    ];
    const decoded = decodeBatch(encodeBatch(items));
    expect(decoded.map((item) => ({ ...item, body: [...item.body] }))).toEqual(
      items.map((item) => ({ ...item, body: [...item.body] })),
    );
  });

  it('reads a batch that sits inside a larger buffer (a view, as NATS hands it)', () => {
    const encoded = encodeBatch([{ id: 'x', key: 'k', body: new Uint8Array([7, 8]) }]);
    const larger = new Uint8Array(encoded.length + 10);
    larger.set(encoded, 5);
    const [item] = decodeBatch(larger.subarray(5, 5 + encoded.length));
    expect(item?.id).toBe('x');
    expect([...item!.body]).toEqual([7, 8]);
  });

  it('an empty batch is empty', () => {
    expect(decodeBatch(encodeBatch([]))).toEqual([]);
  });
});
