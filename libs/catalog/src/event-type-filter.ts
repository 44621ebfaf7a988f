/**
 * Event-type names, the filters endpoints subscribe with, and which version of
 * an event type a filter receives — pure functions shared by the registry
 * (validation) and ingest (fan-out).
 *
 * Filters: `*` (every type), `prefix.*` (every type under the prefix, on a dot
 * boundary), an exact name, or an exact name pinned to a version
 * (`message_created@2`). An unpinned filter receives each type's default
 * version: the oldest version that is not archived (the newest, when all
 * are). Archiving a version therefore moves its unpinned subscribers to the
 * next one, and versions published side by side never reach one endpoint twice.
 */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/;
export const MAX_EVENT_TYPE_VERSION = 1000;

export type EventTypeFilter =
  | { kind: 'all'; version: null }
  | { kind: 'prefix'; prefix: string; version: null }
  | { kind: 'exact'; name: string; version: number | null };

/** Parses a filter, or says why it is not one. */
export function parseEventTypeFilter(text: string): EventTypeFilter | { reason: string } {
  if (text === '*') return { kind: 'all', version: null };
  const at = text.lastIndexOf('@');
  const base = at === -1 ? text : text.slice(0, at);
  let version: number | null = null;
  if (at !== -1) {
    const digits = text.slice(at + 1);
    version = /^[1-9]\d{0,3}$/.test(digits) ? Number(digits) : NaN;
    if (!(version >= 1 && version <= MAX_EVENT_TYPE_VERSION)) {
      return { reason: `"@${digits}" is not a version (expected @1 … @${MAX_EVENT_TYPE_VERSION})` };
    }
    if (base === '*' || base.endsWith('.*')) {
      return {
        reason:
          'a version can only be pinned on an exact event type name, e.g. "message_created@2"',
      };
    }
  }
  if (base.endsWith('.*')) {
    const prefix = base.slice(0, -2);
    if (EVENT_TYPE_PATTERN.test(prefix))
      return { kind: 'prefix', prefix: `${prefix}.`, version: null };
  } else if (EVENT_TYPE_PATTERN.test(base)) {
    return { kind: 'exact', name: base, version };
  }
  return {
    reason: `must be "*", an event type name matching ${EVENT_TYPE_PATTERN.source} (optionally with @<version>), or a prefix wildcard such as "conversation.*"`,
  };
}

/** Whether a filter covers an event type name, whatever the version. */
export function filterCoversName(filter: EventTypeFilter, name: string): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'prefix':
      return name.startsWith(filter.prefix);
    case 'exact':
      return name === filter.name;
  }
}

export interface VersionState {
  version: number;
  archived: boolean;
}

/** The version unpinned filters receive: the oldest not archived, else the newest; null when none. */
export function defaultVersion(versions: Iterable<VersionState>): number | null {
  let oldestLive: number | null = null;
  let newest: number | null = null;
  for (const { version, archived } of versions) {
    if (!archived && (oldestLive === null || version < oldestLive)) oldestLive = version;
    if (newest === null || version > newest) newest = version;
  }
  return oldestLive ?? newest;
}

/**
 * Whether filters (already valid) subscribe to one event: some filter covers
 * its name and either pins its version or, unpinned, the event is of the
 * type's default version.
 */
export function subscribes(
  filters: readonly string[],
  event: { name: string; version: number },
  typeDefaultVersion: number | null,
): boolean {
  for (const filter of parsedFilters(filters)) {
    if (!filterCoversName(filter, event.name)) continue;
    const version = filter.version ?? typeDefaultVersion ?? 1;
    if (event.version === version) return true;
  }
  return false;
}

/**
 * A filter list's valid filters, parsed once per list: ingest matches every
 * event against each of its tenant's endpoints, whose filter lists live in
 * the read model and are replaced, never changed, when an endpoint changes.
 * A list is read as it was first seen; callers must not mutate one.
 */
const parsed = new WeakMap<readonly string[], EventTypeFilter[]>();

function parsedFilters(filters: readonly string[]): EventTypeFilter[] {
  let known = parsed.get(filters);
  if (!known) {
    known = [];
    for (const text of filters) {
      const filter = parseEventTypeFilter(text);
      if (!('reason' in filter)) known.push(filter);
    }
    parsed.set(filters, known);
  }
  return known;
}
