import { Inject, Injectable } from '@nestjs/common';
import type { AttemptOutcome, DeferralReport } from '@herald/contracts';
import { CLOCK, type Clock } from '@herald/runtime';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { EndpointSettingsStore } from './endpoint-settings.store.js';
import type { EndpointWindow } from './endpoint-window.js';
import { HealthWindows, type WindowOwner } from './health-windows.js';
import { WindowHistory } from './window-history.js';
import { rebuildWindows } from './window-rebuild.js';

/**
 * Keeps this replica's health windows: feeds them attempts and rejections
 * at the clock's now, each attempt judged slow against its endpoint's own
 * threshold (else the default); refills them from the attempt log when a
 * partition is taken or a threshold changes; and reads any endpoint's
 * window back from the log.
 */
@Injectable()
export class WindowKeeper {
  constructor(
    readonly windows: HealthWindows,
    private readonly history: WindowHistory,
    readonly endpointSettings: EndpointSettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  /** The endpoint's slow threshold in ms: its own, else the default. */
  slowMs(endpointId: string): number {
    return this.endpointSettings.slowThreshold(endpointId) ?? this.settings.defaultSlowMs;
  }

  observe(outcome: AttemptOutcome): void {
    this.windows.observe(outcome, outcome, this.slowMs(outcome.endpointId), this.clock.now());
  }

  rejected(report: DeferralReport): void {
    this.windows.rejected(report, this.clock.now());
  }

  /** Reloads the slow thresholds, then refills the windows of the endpoints `which` selects. */
  async load(which: (endpointId: string) => boolean): Promise<void> {
    await this.endpointSettings.load();
    await rebuildWindows(
      this.windows,
      this.history,
      this.clock.now(),
      this.settings.defaultSlowMs,
      which,
    );
  }

  /** The endpoint's window as the attempt log has it now (read, not kept). */
  async fromLog(
    endpointId: string,
  ): Promise<{ owner: WindowOwner; window: EndpointWindow } | undefined> {
    const fresh = new HealthWindows(this.windows.settings);
    await rebuildWindows(fresh, this.history, this.clock.now(), this.settings.defaultSlowMs, [
      endpointId,
    ]);
    return fresh.get(endpointId);
  }

  /** Replaces the endpoint's window by one rebuilt from the log (its slow threshold changed). */
  async rebuild(endpointId: string, tenantId: string): Promise<void> {
    const rebuilt = await this.fromLog(endpointId);
    this.windows.replace({ endpointId, tenantId }, rebuilt?.window);
  }
}
