import { Inject, Injectable } from '@nestjs/common';
import { RegistryView } from '@herald/registry-view';
import { BreakerStates } from '../breakers/breaker-states.js';
import { PauseService } from '../pause/pause.service.js';
import { EndpointPolicies } from '../policies/endpoint-policies.js';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { healthState, type StateVerdict } from '../state/health-state.js';
import { HealthWindows } from '../windows/health-windows.js';
import { EndpointSettingsStore } from './endpoint-settings.store.js';
import { toHealthView, type HealthView } from './health-view.js';

/**
 * Puts together what the health-monitor knows of an endpoint — windows,
 * policies, pause, breakers, the registry's enabled flag — into its state
 * and its health view. Reads memory only.
 */
@Injectable()
export class EndpointHealth {
  constructor(
    private readonly windows: HealthWindows,
    private readonly policies: EndpointPolicies,
    private readonly pause: PauseService,
    private readonly breakers: BreakerStates,
    private readonly registry: RegistryView,
    private readonly endpointSettings: EndpointSettingsStore,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  verdict(endpointId: string, now: number): StateVerdict {
    const endpoint = this.registry.endpoint(endpointId);
    const window = this.windows.get(endpointId)?.window;
    return healthState(
      {
        enabled: endpoint?.enabled ?? true,
        pausedUntil: this.pause.pausedUntil(endpointId),
        now,
        consecutiveFailures: this.policies.record(endpointId)?.streakFailures ?? 0,
        recent: window?.recent(now, this.settings.state.windowMinutes) ?? {
          successful: 0,
          slow: 0,
          error: 0,
          rejected: 0,
        },
        breaker: this.breakers.summary(endpointId, now),
      },
      this.settings.state,
    );
  }

  view(endpointId: string, now: number): HealthView {
    const endpoint = this.registry.endpoint(endpointId);
    const record = this.policies.record(endpointId);
    const failingSince = record?.failingSince ?? null;
    const own = this.endpointSettings.slowThreshold(endpointId);
    const pausedUntil = this.pause.pausedUntil(endpointId);
    return toHealthView({
      endpointId,
      verdict: this.verdict(endpointId, now),
      pausedUntil: pausedUntil !== null && pausedUntil > now ? pausedUntil : null,
      disabled:
        endpoint && !endpoint.enabled
          ? { reason: endpoint.disabledReason, since: endpoint.disabledAt }
          : null,
      breaker: this.breakers.summary(endpointId, now),
      consecutiveFailures: record?.streakFailures ?? 0,
      failingSince,
      disableAt:
        failingSince === null ? null : failingSince + this.settings.policies.disable.periodMs,
      figures: this.windows.get(endpointId)?.window.figures(now) ?? null,
      now,
      histogramMinutes: this.settings.windows.histogramMinutes,
      responseTimeMinutes: this.settings.windows.responseTimeMinutes,
      slowThresholdMs: own ?? this.settings.defaultSlowMs,
      ownSlowThresholdMs: own,
    });
  }

  /** Endpoints the health-monitor has something on: recent activity, a record, a pause, a breaker. */
  tracked(now: number): Set<string> {
    const ids = new Set<string>();
    for (const { owner } of this.windows.entries()) ids.add(owner.endpointId);
    for (const id of this.policies.endpointIds()) ids.add(id);
    for (const id of this.pause.pausedEndpoints()) ids.add(id);
    for (const [id] of this.breakers.notClosed(now)) ids.add(id);
    return ids;
  }
}
