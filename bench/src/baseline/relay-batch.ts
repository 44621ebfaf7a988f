/**
 * The durable relay's batch framing: several items in one NATS message, each
 * as three length-prefixed fields (id, route key, body). Binary-safe and
 * copy-light: decoding returns views into the message's bytes.
 */
export interface RelayItem {
  id: string;
  key: string;
  body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeBatch(items: readonly RelayItem[]): Uint8Array {
  const fields = items.flatMap((item) => [
    encoder.encode(item.id),
    encoder.encode(item.key),
    item.body,
  ]);
  const out = new Uint8Array(fields.reduce((sum, field) => sum + 4 + field.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const field of fields) {
    view.setUint32(at, field.length);
    out.set(field, at + 4);
    at += 4 + field.length;
  }
  return out;
}

export function decodeBatch(data: Uint8Array): RelayItem[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const items: RelayItem[] = [];
  let at = 0;
  const next = () => {
    const length = view.getUint32(at);
    const field = data.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return field;
  };
  while (at < data.length) {
    items.push({ id: decoder.decode(next()), key: decoder.decode(next()), body: next() });
  }
  return items;
}
