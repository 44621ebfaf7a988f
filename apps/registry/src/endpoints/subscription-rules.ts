import { filterCoversName, parseEventTypeFilter } from '@herald/catalog';

/**
 * Whether an endpoint's event-type filters name what the tenant's catalog
 * has, as a pure function. Unknown names are refused (a typo would otherwise
 * subscribe to nothing, silently):
 *
 * - `name` needs the event type; `name@N` needs that version;
 * - `prefix.*` needs at least one event type under the prefix;
 * - `*` is always valid;
 * - a filter may not newly name an archived type or version; one the
 *   endpoint already had stays valid (archiving never breaks a PATCH).
 */
export interface CatalogEntry {
  name: string;
  version: number;
  archived: boolean;
}

export function subscriptionProblems(
  filters: string[],
  catalog: CatalogEntry[],
  alreadySubscribed: readonly string[] = [],
): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  filters.forEach((text, i) => {
    const field = `eventTypes.${i}`;
    const filter = parseEventTypeFilter(text);
    if ('reason' in filter) {
      problems.push({ field, reason: filter.reason });
      return;
    }
    const covered = catalog.filter((entry) => filterCoversName(filter, entry.name));
    const isNew = !alreadySubscribed.includes(text);
    switch (filter.kind) {
      case 'all':
        return;
      case 'prefix':
        if (covered.length === 0) {
          problems.push({ field, reason: `matches no event type in the catalog` });
        }
        return;
      case 'exact': {
        const versions =
          filter.version === null ? covered : covered.filter((e) => e.version === filter.version);
        if (versions.length === 0) {
          const what =
            filter.version === null
              ? `"${filter.name}"`
              : `"${filter.name}" version ${filter.version}`;
          problems.push({ field, reason: `unknown event type ${what} (not in the catalog)` });
        } else if (isNew && versions.every((e) => e.archived)) {
          problems.push({
            field,
            reason: `"${text}" is archived; new subscriptions may not name it`,
          });
        }
      }
    }
  });
  return problems;
}
