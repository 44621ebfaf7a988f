import { parseEventTypeFilter } from '@herald/catalog';
import { isReservedRequestHeader } from '@herald/contracts';

/**
 * Pure rules for an endpoint's filters and extra headers. Each check returns
 * the reason a value is refused, or null.
 *
 * - Event-type filters: an event type name (optionally pinned to a version,
 *   `message_created@2`), `*`, or a prefix wildcard `conversation.*`
 *   (matches `conversation.created`, `conversation.a.b`).
 * - Headers: HTTP token names, values without control characters; the names
 *   Herald owns on a delivery (`RESERVED_REQUEST_HEADERS`, `@herald/contracts`)
 *   are reserved. `authorization` is allowed: it is how receivers
 *   authenticate Herald.
 */
export const MAX_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 4096;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Syntax of one event-type filter (`@herald/catalog`); whether the catalog has it is checked apart. */
export function checkEventTypeFilter(filter: string): string | null {
  const parsed = parseEventTypeFilter(filter);
  return 'reason' in parsed ? parsed.reason : null;
}

export function checkHeaderName(name: string): string | null {
  if (!HEADER_NAME.test(name)) return 'is not a valid HTTP header name';
  if (isReservedRequestHeader(name)) {
    return `"${name}" is reserved: Herald sets it on every delivery`;
  }
  return null;
}

export function checkHeaderValue(value: string): string | null {
  if (value.length > MAX_HEADER_VALUE_LENGTH) {
    return `must be at most ${MAX_HEADER_VALUE_LENGTH} characters`;
  }
  return HEADER_VALUE.test(value) ? null : 'must not contain control characters (CR, LF, NUL)';
}

/** Every problem of a header map, keyed by the offending header name. */
export function headerProblems(
  headers: Record<string, string>,
): { name: string; reason: string }[] {
  const problems: { name: string; reason: string }[] = [];
  const names = Object.keys(headers);
  if (names.length > MAX_HEADERS)
    problems.push({ name: '', reason: `at most ${MAX_HEADERS} headers` });
  const seen = new Set<string>();
  for (const name of names) {
    const reason = checkHeaderName(name) ?? checkHeaderValue(headers[name] ?? '');
    if (reason) problems.push({ name, reason });
    if (seen.has(name.toLowerCase())) {
      problems.push({ name, reason: 'is given twice (header names are case-insensitive)' });
    }
    seen.add(name.toLowerCase());
  }
  return problems;
}
