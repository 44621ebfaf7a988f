import type { JsMsg } from '@nats-io/jetstream';

/**
 * The parts of a received message that nats.js (3.x) keeps as views into the
 * socket read that carried it: the message's headers and data (`_rdata`),
 * and its subject and reply (`_msg`), with the length of the headers
 * (`_msg.hdr`). Not public API; `receivedOf` checks the shape, and the
 * functions below leave a message they do not recognise as it is.
 */
interface Received {
  _rdata: Uint8Array;
  _msg?: { subject?: unknown; reply?: unknown; hdr?: unknown };
}

/** The received message inside a `JsMsg`, or null when its shape is not the one described above. */
function receivedOf(msg: JsMsg): Received | null {
  const received = (msg as unknown as { msg?: { _rdata?: unknown } }).msg;
  return received && received._rdata instanceof Uint8Array ? (received as Received) : null;
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
  const received = receivedOf(msg);
  if (!received) return;
  received._rdata = owned(received._rdata);
  const arg = received._msg;
  if (!arg) return;
  if (arg.subject instanceof Uint8Array) arg.subject = owned(arg.subject);
  if (arg.reply instanceof Uint8Array) arg.reply = owned(arg.reply);
}

function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength < bytes.buffer.byteLength * SHARE ? new Uint8Array(bytes) : bytes;
}

const NO_BYTES = new Uint8Array(0);

/**
 * Lets go of a received message's data once it is decoded (ADR 0111): the
 * handler reads the decoded value, and a message it keeps (a delivery batch
 * whose tasks wait for their endpoints) would otherwise hold its bytes, up to
 * hundreds of kilobytes, as long as its slowest task, beside the strings
 * decoded from them. The headers are decoded first and their bytes kept, so
 * subject, reply, headers, `info` and the acks all behave as before; `data`
 * reads empty until `restoreData` gives it bytes again. Returns false, and
 * changes nothing, for a message whose shape it does not recognise.
 */
export function dropData(msg: JsMsg): boolean {
  const received = receivedOf(msg);
  if (!received) return false;
  const hdr = received._msg?.hdr;
  if (typeof hdr !== 'number') return false;
  // Decoded now, while the bytes are here; cached by nats.js from then on.
  void msg.headers;
  // A copy: on a Node Buffer (a socket read nats.js kept as it came) `slice` is a view.
  received._rdata = hdr > 0 ? new Uint8Array(received._rdata.subarray(0, hdr)) : NO_BYTES;
  return true;
}

/** Gives a message whose data `dropData` let go of `data` again (for a poison record). */
export function restoreData(msg: JsMsg, data: Uint8Array): void {
  const received = receivedOf(msg);
  if (!received) return;
  const hdr = received._msg?.hdr;
  if (typeof hdr !== 'number' || hdr <= 0) {
    received._rdata = data;
    return;
  }
  const bytes = new Uint8Array(hdr + data.byteLength);
  bytes.set(received._rdata.subarray(0, hdr));
  bytes.set(data, hdr);
  received._rdata = bytes;
}
