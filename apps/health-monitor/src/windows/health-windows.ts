import type { DeferralReport } from '@herald/contracts';
import type { WindowSettings } from '../settings.js';
import { EndpointWindow } from './endpoint-window.js';
import type { WindowAttempt } from './classify.js';

/** What the windows know of one endpoint besides its window. */
export interface WindowOwner {
  endpointId: string;
  tenantId: string;
}

/**
 * Every endpoint's sliding windows, in memory, keyed by endpoint id. No I/O:
 * the attempt handler feeds attempts, the deferral handler feeds
 * rejections, the rebuild of a partition taken by this replica feeds what
 * the log holds. Invariants: an
 * endpoint with nothing left in its windows is forgotten by `prune`; windows
 * are never shared across tenants (the tenant is kept with the window and
 * checked by the reader).
 */
export class HealthWindows {
  private readonly windows = new Map<string, { owner: WindowOwner; window: EndpointWindow }>();

  constructor(readonly settings: WindowSettings) {}

  observe(owner: WindowOwner, attempt: WindowAttempt, slowMs: number, now: number): void {
    this.windowOf(owner).observe(attempt, slowMs, now);
  }

  rejected(report: DeferralReport, now: number): void {
    const n = report.counts.breaker_open + report.counts.endpoint_paused;
    this.windowOf(report).rejected(Date.parse(report.to), n, now);
  }

  /** The endpoint's window and owner, or undefined when nothing happened to it in 24 h. */
  get(endpointId: string): { owner: WindowOwner; window: EndpointWindow } | undefined {
    return this.windows.get(endpointId);
  }

  windowOf(owner: WindowOwner): EndpointWindow {
    let entry = this.windows.get(owner.endpointId);
    if (!entry) {
      entry = {
        owner: { endpointId: owner.endpointId, tenantId: owner.tenantId },
        window: new EndpointWindow(this.settings),
      };
      this.windows.set(owner.endpointId, entry);
    }
    return entry.window;
  }

  /** Swaps in a window rebuilt elsewhere (a slow-threshold change). */
  replace(owner: WindowOwner, window: EndpointWindow | undefined): void {
    if (window) this.windows.set(owner.endpointId, { owner, window });
    else this.windows.delete(owner.endpointId);
  }

  entries(): IterableIterator<{ owner: WindowOwner; window: EndpointWindow }> {
    return this.windows.values();
  }

  /** Forgets the windows of the endpoints `which` selects (a partition handed to another replica). */
  forget(which: (endpointId: string) => boolean): void {
    for (const id of this.windows.keys()) if (which(id)) this.windows.delete(id);
  }

  prune(now: number): void {
    for (const [id, entry] of this.windows) if (entry.window.prune(now)) this.windows.delete(id);
  }

  get size(): number {
    return this.windows.size;
  }
}
