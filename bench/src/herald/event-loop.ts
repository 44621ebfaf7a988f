import { scrape, sumOf } from './herald-api.js';
import { SERVICES, type HeraldServices } from './services.js';

/**
 * Event-loop delay of each service since the previous call, from prom-client's
 * default metrics (its histogram is reset at every scrape, and only the bench
 * scrapes these services). Call once when a phase starts, again when it ends:
 * a service whose loop lags is CPU-starved or blocking, the first place to look.
 */
export async function eventLoopLag(
  services: HeraldServices,
): Promise<Record<string, { p99Ms: number; maxMs: number } | null>> {
  const lag: Record<string, { p99Ms: number; maxMs: number } | null> = {};
  await Promise.all(
    SERVICES.map(async (service) => {
      try {
        const samples = await scrape(services.url(service));
        const seconds = (name: string) =>
          sumOf(samples, `herald_nodejs_eventloop_lag_${name}_seconds`);
        lag[service] = {
          p99Ms: Math.round(seconds('p99') * 10_000) / 10,
          maxMs: Math.round(seconds('max') * 10_000) / 10,
        };
      } catch {
        lag[service] = null;
      }
    }),
  );
  return lag;
}
