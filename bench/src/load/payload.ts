import { monotonicMs } from '../lifecycle/clock.js';

export const PAYLOAD_BYTES = 1024;
const encoder = new TextEncoder();

/**
 * A bench event: `{"tag","seq","t","pad"}` padded to exactly 1 KiB of JSON.
 * `t` is the publish time on the shared monotonic clock, read as late as
 * possible — when the payload is built, just before it is handed to NATS.
 */
export function benchPayload(tag: string, seq: number): Uint8Array {
  const head = `{"tag":${JSON.stringify(tag)},"seq":${seq},"t":${monotonicMs()},"pad":"`;
  const tail = '"}';
  const padding = Math.max(0, PAYLOAD_BYTES - head.length - tail.length);
  return encoder.encode(`${head}${'x'.repeat(padding)}${tail}`);
}
