import { monotonicMs } from '../lifecycle/clock.js';

export const PAYLOAD_BYTES = 1024;
const encoder = new TextEncoder();

/** The large events of the `payload-10k` scenario, the size of real commerce events. */
export const LARGE_PAYLOAD_BYTES = 10 * 1024;

/**
 * A bench event: `{"tag","seq","t","pad"}` padded to exactly `bytes` of JSON (1 KiB by default).
 * `t` is the publish time on the shared monotonic clock, read as late as
 * possible — when the payload is built, just before it is handed to NATS.
 */
export function benchPayload(tag: string, seq: number, bytes = PAYLOAD_BYTES): Uint8Array {
  const head = `{"tag":${JSON.stringify(tag)},"seq":${seq},"t":${monotonicMs()},"pad":"`;
  const tail = '"}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  return encoder.encode(`${head}${'x'.repeat(padding)}${tail}`);
}
