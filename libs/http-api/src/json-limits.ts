/**
 * Shape limits of JSON input, checked on the raw text before `JSON.parse`,
 * in one pass and without recursion, so a payload nested 10,000 deep is
 * refused with a clear code instead of overflowing a stack later (in a
 * validator, a serializer or a schema compiler). The same check runs on
 * HTTP bodies (every service) and on ingest's NATS payloads.
 */
export interface JsonLimits {
  /** Deepest nesting of objects and arrays (a scalar is depth 0, `[]` depth 1). */
  maxDepth: number;
  /** Object members in the whole document. */
  maxKeys: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 128, maxKeys: 10_000 };

export type JsonLimitCode = 'json_too_deep' | 'too_many_keys';

export interface JsonLimitBreach {
  code: JsonLimitCode;
  message: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

const unitAt = (text: string | Uint8Array, i: number): number =>
  typeof text === 'string' ? text.charCodeAt(i) : text[i]!;

/**
 * The first limit the text breaks, or null. Text that is not JSON passes (the
 * parser refuses it). String contents, most of a document, are skipped with
 * the built-in `indexOf`, one call per string, not walked code unit by code
 * unit.
 */
export function checkJsonLimits(
  text: string | Uint8Array,
  limits: JsonLimits,
): JsonLimitBreach | null {
  // Every structural character is ASCII, and no byte of a multi-byte UTF-8
  // sequence is, so raw bytes scan exactly like the decoded text.
  let depth = 0;
  let keys = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = unitAt(text, i);
    if (c === QUOTE) {
      i = closingQuote(text, i + 1);
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth += 1;
      if (depth > limits.maxDepth) {
        return {
          code: 'json_too_deep',
          message: `JSON is nested more than ${limits.maxDepth} levels deep`,
        };
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth -= 1;
    } else if (c === COLON) {
      keys += 1;
      if (keys > limits.maxKeys) {
        return {
          code: 'too_many_keys',
          message: `JSON has more than ${limits.maxKeys} object keys`,
        };
      }
    }
  }
  return null;
}

/**
 * Where the string whose contents start at `from` ends: the first quote after
 * an even number of backslashes (an odd number escapes it), or the end of an
 * unterminated text.
 */
function closingQuote(text: string | Uint8Array, from: number): number {
  for (let start = from; ;) {
    const quote = typeof text === 'string' ? text.indexOf('"', start) : text.indexOf(QUOTE, start);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; k >= from && unitAt(text, k) === BACKSLASH; k -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    start = quote + 1;
  }
}
