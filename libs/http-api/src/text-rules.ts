/**
 * What text may reach Postgres, as pure functions. Postgres `text` and
 * `jsonb` cannot hold U+0000, and `jsonb` refuses an unpaired UTF-16
 * surrogate; identifiers (ids, channels, idempotency keys, header values)
 * must also be free of the other control characters (U+0001–U+001F, U+007F).
 * Input that breaks these rules is refused at the edge; text Herald itself
 * stores about refused input (reasons, excerpts) is escaped instead.
 */
import { escapeUnsafeText } from '@herald/contracts';

/** Whether the UTF-16 code unit at `i` is a surrogate without its partner. */
function isLoneSurrogate(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** Index of the first character Postgres cannot store (NUL, lone surrogate), or -1. */
export function unstorableCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) === 0 || isLoneSurrogate(text, i)) return i;
  }
  return -1;
}

/** Index of the first control character or lone surrogate, or -1: the rule for identifiers. */
export function controlCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit <= 0x1f || unit === 0x7f || isLoneSurrogate(text, i)) return i;
  }
  return -1;
}

/** Why an identifier is refused (control character, empty, too long), or null. */
export function identifierProblem(text: string, maxLength: number): string | null {
  if (text.length === 0 || text.length > maxLength) {
    return `must be 1 to ${maxLength} characters`;
  }
  const at = controlCharacterAt(text);
  if (at >= 0) return `must not contain control characters (one at index ${at})`;
  return null;
}

/**
 * The text with NUL and lone surrogates written as `\uXXXX`, so Postgres can
 * store it: the same escaping as receivers' text (`escapeUnsafeText`).
 */
export const escapeForStorage = escapeUnsafeText;

/**
 * JSON path (`a.b.0`) of the first string or key holding a character Postgres
 * cannot store, or null. Iterative: depth is bounded elsewhere, but this
 * never recurses either way.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
  while (stack.length > 0) {
    const { value: node, path } = stack.pop() as { value: unknown; path: string };
    if (typeof node === 'string') {
      if (unstorableCharacterAt(node) >= 0) return path;
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => stack.push({ value: item, path: join(path, String(index)) }));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        const at = join(path, escapeForStorage(key));
        if (unstorableCharacterAt(key) >= 0) return at;
        stack.push({ value: item, path: at });
      }
    }
  }
  return null;
}

/** Length in bytes of the UTF-8 sequence starting at `i`, or 0 when it is not valid UTF-8. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number) => {
    const b = bytes[i + k];
    return b !== undefined && (b & 0xc0) === 0x80;
  };
  const b1 = bytes[i + 1] ?? 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlongs (E0 80..9F) and no surrogates (ED A0..BF).
    if ((b0 === 0xe0 && b1 < 0xa0) || (b0 === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if ((b0 === 0xf0 && b1 < 0x90) || (b0 === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Bytes as storable text: valid UTF-8 decoded, every byte that is not part
 * of a valid sequence written as `\xNN`, NUL as `\u0000`. For excerpts of
 * refused input, which may be anything.
 */
export function describeBytes(bytes: Uint8Array): string {
  const decoder = new TextDecoder();
  let out = '';
  let start = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > start) out += decoder.decode(bytes.subarray(start, end));
  };
  while (i < bytes.length) {
    const length = utf8SequenceAt(bytes, i);
    if (length > 0 && bytes[i] !== 0) {
      i += length;
      continue;
    }
    flush(i);
    const byte = bytes[i] as number;
    out += byte === 0 ? '\\u0000' : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    i += 1;
    start = i;
  }
  flush(i);
  return out;
}

/** Whether the bytes are valid UTF-8 (the check a fatal `TextDecoder` makes). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
