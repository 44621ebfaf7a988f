import type { JsMsg } from '@nats-io/jetstream';

/**
 * The parts of a received message that nats.js (3.x) keeps as views into the
 * socket read that carried it: the message's headers and data (`_rdata`),
 * and its subject and reply (`_msg`). Not public API; `ownBytes` checks the
 * shape and leaves a message it does not recognise as it is.
 */
interface Received {
  _rdata?: unknown;
  _msg?: { subject?: unknown; reply?: unknown };
}

/** A view shorter than this share of its buffer is copied out of it. */
const SHARE = 0.5;

/**
 * Gives a received message its own copy of its bytes when they are a view
 * into a larger socket read (ADR 0101). A read holds every message that
 * arrived together — up to hundreds of kilobytes — and a message kept for
 * later (a delivery queued behind its endpoint, an event waiting for its
 * batch to commit) keeps the whole read alive, and messages finish out of
 * arrival order, so a read stays alive as long as its slowest message.
 * Copying the bytes of one message costs a small allocation; the message
 * behaves the same (data, headers, subject, reply, ack).
 */
export function ownBytes(msg: JsMsg): void {
  const received = (msg as unknown as { msg?: Received }).msg;
  if (!received || !(received._rdata instanceof Uint8Array)) return;
  received._rdata = owned(received._rdata);
  const arg = received._msg;
  if (!arg) return;
  if (arg.subject instanceof Uint8Array) arg.subject = owned(arg.subject);
  if (arg.reply instanceof Uint8Array) arg.reply = owned(arg.reply);
}

function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength < bytes.buffer.byteLength * SHARE ? new Uint8Array(bytes) : bytes;
}
