import { describe, expect, it } from '@jest/globals';
import type { JsMsg } from '@nats-io/jetstream';
import { dropData, ownBytes, restoreData } from './own-bytes.js';

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

/** A received message with `hdr` header bytes before its data, as nats.js 3.x lays it out. */
function withHeaders(headers: string, data: string) {
  const bytes = new TextEncoder().encode(headers + data);
  const hdr = headers.length > 0 ? headers.length : -1;
  const msg = { _rdata: bytes, _msg: { hdr }, headersRead: 0 };
  return {
    msg,
    get headers() {
      msg.headersRead += 1;
      return hdr > 0 ? new TextDecoder().decode(msg._rdata.subarray(0, hdr)) : undefined;
    },
    get data() {
      return hdr > 0 ? msg._rdata.subarray(hdr) : msg._rdata;
    },
  };
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('dropData and restoreData', () => {
  it('let go of the data and keep the header bytes, which are decoded first', () => {
    const message = withHeaders('NATS/1.0\r\nNats-Msg-Id: a\r\n\r\n', 'x'.repeat(5000));
    expect(dropData(asMsg(message))).toBe(true);
    expect(message.msg.headersRead).toBe(1);
    expect(message.data.byteLength).toBe(0);
    expect(message.msg._rdata.buffer.byteLength).toBe(message.msg._msg.hdr);
    expect(message.headers).toBe('NATS/1.0\r\nNats-Msg-Id: a\r\n\r\n');
  });

  it('restore data behind the kept headers, byte for byte', () => {
    const message = withHeaders('NATS/1.0\r\nA: b\r\n\r\n', '{"id":1}');
    dropData(asMsg(message));
    restoreData(asMsg(message), new TextEncoder().encode('{"id":2}'));
    expect(text(message.data)).toBe('{"id":2}');
    expect(message.headers).toBe('NATS/1.0\r\nA: b\r\n\r\n');
  });

  it('copy the header bytes out of a Node Buffer, whose slice would be a view of the whole read', () => {
    const read = Buffer.from('NATS/1.0\r\nA: b\r\n\r\n' + 'x'.repeat(10_000));
    const hdr = 'NATS/1.0\r\nA: b\r\n\r\n'.length;
    const message = { msg: { _rdata: read, _msg: { hdr } }, headers: undefined };
    expect(dropData(asMsg(message))).toBe(true);
    expect(message.msg._rdata.buffer).not.toBe(read.buffer);
    expect(message.msg._rdata.buffer.byteLength).toBe(hdr);
    expect(text(message.msg._rdata)).toBe('NATS/1.0\r\nA: b\r\n\r\n');
  });

  it('handle a message without headers', () => {
    const message = withHeaders('', '{"id":1}');
    expect(dropData(asMsg(message))).toBe(true);
    expect(message.data.byteLength).toBe(0);
    restoreData(asMsg(message), new TextEncoder().encode('{"id":3}'));
    expect(text(message.data)).toBe('{"id":3}');
  });

  it('leave a message of another shape untouched', () => {
    const other = { msg: { _rdata: new Uint8Array(4) } };
    expect(dropData(asMsg(other))).toBe(false);
    expect(other.msg._rdata.byteLength).toBe(4);
    expect(dropData(asMsg({}))).toBe(false);
  });
});
