/**
 * Text from outside Herald (a receiver's response, an error it caused) made
 * safe to store: Postgres `text` refuses U+0000, and a string with a lone
 * surrogate has no UTF-8 form. Both are written out as visible escapes
 * (`\u0000`, `\udc80`) instead, and bytes that are not UTF-8 as `\xNN`, so
 * what the receiver sent stays readable and nothing is silently replaced.
 */
// NUL is exactly what this looks for.
// eslint-disable-next-line no-control-regex
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeUnsafeText(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `escapeUnsafeText`, keeping null. */
export function escapeUnsafeNullable(text: string | null): string | null {
  return text === null ? null : escapeUnsafeText(text);
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, writing each byte that is not part of a well-formed sequence as `\xNN`. */
export function decodeUtf8Escaped(bytes: Uint8Array): string {
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += strict.decode(bytes.subarray(start, i));
    out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
    i += 1;
    start = i;
  }
  out += strict.decode(bytes.subarray(start));
  return escapeUnsafeText(out);
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629), or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [low, high] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [low, high] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
