import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../pause/clock.js';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { HealthWindows } from '../windows/health-windows.js';
import { WindowHistory } from '../windows/window-history.js';
import { rebuildWindows } from '../windows/window-rebuild.js';
import { EndpointSettingsStore, type EndpointSettings } from './endpoint-settings.store.js';

/**
 * Changes an endpoint's health settings. A new slow threshold applies to the
 * whole 24 h histogram, not only to attempts from now on: the endpoint's
 * window is rebuilt from the attempt log with it and swapped in.
 */
@Injectable()
export class HealthSettingsService {
  constructor(
    private readonly store: EndpointSettingsStore,
    private readonly windows: HealthWindows,
    private readonly history: WindowHistory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  async update(endpointId: string, tenantId: string, settings: EndpointSettings): Promise<void> {
    await this.store.save(endpointId, tenantId, settings);
    const fresh = new HealthWindows(this.windows.settings);
    await rebuildWindows(fresh, this.history, this.clock.now(), this.settings.defaultSlowMs, [
      endpointId,
    ]);
    this.windows.replace({ endpointId, tenantId }, fresh.get(endpointId)?.window);
  }

  slowThreshold(endpointId: string): number {
    return this.store.slowThreshold(endpointId) ?? this.settings.defaultSlowMs;
  }
}
