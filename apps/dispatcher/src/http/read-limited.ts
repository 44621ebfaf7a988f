/**
 * Reads at most `limit` bytes of a response body. Invariants: never buffers
 * more than `limit` plus one chunk; once the limit is reached the stream is
 * destroyed, discarding the rest unread; a stream that fails or closes
 * before its end rejects, and any error after the promise settled is
 * swallowed (undici's body reports the destroy as an error). The text is
 * safe to store: NUL and bytes that are not UTF-8 come out escaped.
 *
 * It listens for chunks rather than iterating with `for await`: the async
 * iterator costs a promise per chunk and an end-of-stream watcher of its
 * own, on every request the dispatcher makes. For the same reason the error
 * of a body closed before its end is made only when that happens: every
 * body closes after its end too, and an `Error` captures a stack trace
 * (3 % of a saturated dispatcher's CPU when it was made on every close).
 */
import type { Readable } from 'node:stream';
import { decodeUtf8Escaped } from '@herald/contracts';

export const RESPONSE_BODY_LIMIT = 4_096;

export function readLimited(body: Readable, limit = RESPONSE_BODY_LIMIT): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      if (error === undefined) resolve(decodeUtf8Escaped(Buffer.concat(chunks).subarray(0, limit)));
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size < limit) return;
      settle();
      body.destroy();
    };
    body.on('data', onData);
    body.once('end', () => settle());
    body.on('error', (error: Error) => settle(error));
    // Closed with neither: never wait on a stream that will say nothing more.
    body.once('close', () => {
      if (!settled) settle(new Error('response body closed before its end'));
    });
  });
}
