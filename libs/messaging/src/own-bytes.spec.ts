import { describe, expect, it } from '@jest/globals';
import type { JsMsg } from '@nats-io/jetstream';
import { ownBytes } from './own-bytes.js';

/** A received message as nats.js 3.x lays it out: views into one socket read. */
function received(read: Uint8Array, at: number, length: number) {
  return {
    msg: {
      _rdata: read.subarray(at, at + length),
      _msg: { subject: read.subarray(0, 4), reply: read.subarray(4, 8) },
    },
  };
}
const asMsg = (value: unknown) => value as JsMsg;

describe('ownBytes', () => {
  it('copies data, subject and reply out of a larger read, byte for byte', () => {
    const read = new Uint8Array(1000).map((_, i) => i % 251);
    const message = received(read, 100, 50);
    ownBytes(asMsg(message));
    expect(message.msg._rdata.buffer).not.toBe(read.buffer);
    expect(message.msg._rdata.buffer.byteLength).toBe(50);
    expect([...message.msg._rdata]).toEqual([...read.subarray(100, 150)]);
    expect([...message.msg._msg.subject]).toEqual([0, 1, 2, 3]);
    expect(message.msg._msg.subject.buffer.byteLength).toBe(4);
    expect([...message.msg._msg.reply]).toEqual([4, 5, 6, 7]);
    expect(message.msg._msg.reply.buffer.byteLength).toBe(4);
  });

  it('keeps bytes that fill most of their buffer as they are', () => {
    const read = new Uint8Array(100);
    const message = received(read, 0, 90);
    const data = message.msg._rdata;
    ownBytes(asMsg(message));
    expect(message.msg._rdata).toBe(data);
  });

  it('leaves a message of another shape untouched', () => {
    const other = { msg: { data: new Uint8Array(10).subarray(0, 2) } };
    const before = other.msg.data;
    ownBytes(asMsg(other));
    ownBytes(asMsg({}));
    expect(other.msg.data).toBe(before);
    expect(Object.keys(other.msg)).toEqual(['data']);
  });
});
