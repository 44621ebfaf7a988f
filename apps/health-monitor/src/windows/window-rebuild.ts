import { MINUTE_MS } from './minute-counts.js';
import type { HealthWindows } from './health-windows.js';
import type { WindowHistory } from './window-history.js';

/** Endpoints aggregated per query: bounds each query's result and memory. */
const PAGE = 200;

/**
 * Refills the windows from the attempt log and the rejection reports: the
 * endpoints of `only` (a list, or a test such as "in partition 3") active
 * within the histogram span, a page of endpoints at a time. Run when this
 * replica takes a partition, before it consumes the partition, and — into
 * a fresh `HealthWindows` — for one endpoint when its slow threshold
 * changes or another replica holds its partition.
 */
export async function rebuildWindows(
  windows: HealthWindows,
  history: WindowHistory,
  now: number,
  defaultSlowMs: number,
  only?: string[] | ((endpointId: string) => boolean),
): Promise<number> {
  const settings = windows.settings;
  const since = new Date(now - settings.histogramMinutes * MINUTE_MS);
  const latencySince = now - settings.responseTimeMinutes * MINUTE_MS;
  const endpoints = Array.isArray(only)
    ? only
    : (await history.activeEndpoints(since)).filter((id) => only?.(id) ?? true);
  for (let i = 0; i < endpoints.length; i += PAGE) {
    const page = endpoints.slice(i, i + PAGE);
    for (const row of await history.minutes(page, since, defaultSlowMs)) {
      const window = windows.windowOf(row);
      window.restore({ ...row, rejected: 0 }, row.lastAt, now);
      if (row.responses > 0 && row.start + MINUTE_MS > latencySince) {
        window.restoreLatency(
          row.start,
          { count: row.responses, sumMs: row.sumMs, minMs: row.minMs ?? 0, maxMs: row.maxMs ?? 0 },
          now,
        );
      }
    }
    for (const row of await history.rejections(page, since)) {
      windows.windowOf(row).rejected(row.start, row.rejected, now);
    }
    for (const row of await history.latestErrors(page, since, settings.latestErrors)) {
      windows.windowOf(row).restoreError(row);
    }
  }
  return endpoints.length;
}
