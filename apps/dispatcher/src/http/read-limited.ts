/**
 * Reads at most `limit` bytes of a response body. Invariant: never buffers
 * more than `limit` plus one chunk; once the limit is reached the stream is
 * destroyed (leaving the loop closes it), discarding the rest unread. The
 * text is safe to store: NUL and bytes that are not UTF-8 come out escaped.
 */
import { decodeUtf8Escaped } from '@herald/contracts';

export const RESPONSE_BODY_LIMIT = 4_096;

export async function readLimited(
  body: AsyncIterable<Uint8Array>,
  limit = RESPONSE_BODY_LIMIT,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size >= limit) break;
  }
  return decodeUtf8Escaped(Buffer.concat(chunks).subarray(0, limit));
}
