import { MINUTE_MS } from './minute-counts.js';
import type { HealthWindows } from './health-windows.js';
import type { WindowHistory } from './window-history.js';

/** Endpoints aggregated per query: bounds each query's result and memory. */
const PAGE = 200;

/**
 * Refills the windows from the attempt log and the rejection reports:
 * every endpoint active within the histogram span, a page of endpoints at a
 * time. Run at start-up, before the consumers start, and — into a fresh
 * `HealthWindows` whose window then replaces the live one — for one endpoint
 * when its slow threshold changes.
 */
export async function rebuildWindows(
  windows: HealthWindows,
  history: WindowHistory,
  now: number,
  defaultSlowMs: number,
  only?: string[],
): Promise<number> {
  const settings = windows.settings;
  const since = new Date(now - settings.histogramMinutes * MINUTE_MS);
  const latencySince = now - settings.responseTimeMinutes * MINUTE_MS;
  const endpoints = only ?? (await history.activeEndpoints(since));
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
