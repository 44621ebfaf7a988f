import { Inject, Injectable } from '@nestjs/common';
import { RegistryView } from '@herald/registry-view';
import { BreakerStates } from '../breakers/breaker-states.js';
import { EndpointStateStore } from '../enforcement/endpoint-state.store.js';
import { PolicyRunner } from '../enforcement/policy-runner.js';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { healthState, type StateVerdict } from '../state/health-state.js';
import { HealthPartitions } from '../partitions/health-partitions.js';
import type { EndpointRecord } from '../policies/endpoint-record.js';
import { EndpointRecordStore } from '../enforcement/endpoint-record.store.js';
import { CLOCK, type Clock } from '@herald/runtime';
import type { EndpointWindow } from '../windows/endpoint-window.js';
import { HealthWindows, type WindowOwner } from '../windows/health-windows.js';
import { WindowKeeper } from '../windows/window-keeper.js';
import { toHealthView, type HealthView } from './health-view.js';

/** An endpoint's window and policy record, wherever they were read from. */
interface Sources {
  window: EndpointWindow | undefined;
  owner: WindowOwner | undefined;
  record: EndpointRecord | undefined;
  pausedUntil: number | null;
}

/**
 * Puts together what the health-monitor knows of an endpoint — windows,
 * policies, pause, breakers, the registry's enabled flag — into its state
 * and its health view. `verdict` and `view` read memory only, which holds
 * the endpoints of this replica's partitions; `current` answers for any
 * endpoint, from the log when another replica holds its partition.
 */
@Injectable()
export class EndpointHealth {
  constructor(
    private readonly windows: HealthWindows,
    private readonly policies: PolicyRunner,
    private readonly breakers: BreakerStates,
    private readonly registry: RegistryView,
    private readonly partitions: HealthPartitions,
    private readonly keeper: WindowKeeper,
    private readonly records: EndpointRecordStore,
    private readonly states: EndpointStateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  /**
   * The endpoint's view and the tenant its window belongs to. From memory
   * when this replica holds the endpoint's partition; otherwise the window
   * is rebuilt from the attempt log, the record read from Postgres (as the
   * owner last wrote it: a streak may lag by the policies' flush interval)
   * and the pause from the state bucket, so every replica answers for every
   * endpoint.
   */
  async current(endpointId: string): Promise<{ view: HealthView; tenantId: string | undefined }> {
    const now = this.clock.now();
    if (this.partitions.holds(endpointId)) {
      const live = this.live(endpointId);
      return { view: this.compose(endpointId, now, live), tenantId: live.owner?.tenantId };
    }
    const entry = await this.keeper.fromLog(endpointId);
    const sources = {
      window: entry?.window,
      owner: entry?.owner,
      record: await this.records.one(endpointId),
      pausedUntil: await this.states.pausedUntil(endpointId),
    };
    return { view: this.compose(endpointId, now, sources), tenantId: entry?.owner.tenantId };
  }

  verdict(endpointId: string, now: number): StateVerdict {
    return this.verdictOf(endpointId, now, this.live(endpointId));
  }

  private live(endpointId: string): Sources {
    const entry = this.windows.get(endpointId);
    return {
      window: entry?.window,
      owner: entry?.owner,
      record: this.policies.record(endpointId),
      pausedUntil: this.policies.pausedUntil(endpointId),
    };
  }

  private verdictOf(endpointId: string, now: number, sources: Sources): StateVerdict {
    const endpoint = this.registry.endpoint(endpointId);
    const window = sources.window;
    return healthState(
      {
        enabled: endpoint?.enabled ?? true,
        pausedUntil: sources.pausedUntil,
        now,
        consecutiveFailures: sources.record?.streakFailures ?? 0,
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
    return this.compose(endpointId, now, this.live(endpointId));
  }

  private compose(endpointId: string, now: number, sources: Sources): HealthView {
    const endpoint = this.registry.endpoint(endpointId);
    const record = sources.record;
    const failingSince = record?.failingSince ?? null;
    const own = this.keeper.endpointSettings.slowThreshold(endpointId);
    const pausedUntil = sources.pausedUntil;
    return toHealthView({
      endpointId,
      verdict: this.verdictOf(endpointId, now, sources),
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
      figures: sources.window?.figures(now) ?? null,
      now,
      histogramMinutes: this.settings.windows.histogramMinutes,
      responseTimeMinutes: this.settings.windows.responseTimeMinutes,
      slowThresholdMs: own ?? this.settings.defaultSlowMs,
      ownSlowThresholdMs: own,
    });
  }

  /**
   * Endpoints of this replica's partitions it has something on: recent
   * activity, a record, a pause, a breaker. (Pauses and breaker states are
   * known to every replica; each endpoint is reported by its holder only.)
   */
  tracked(now: number): Set<string> {
    const ids = new Set<string>();
    for (const { owner } of this.windows.entries()) ids.add(owner.endpointId);
    for (const id of this.policies.endpointIds()) ids.add(id);
    for (const id of this.policies.pausedEndpoints()) ids.add(id);
    for (const [id] of this.breakers.notClosed(now)) ids.add(id);
    for (const id of ids) if (!this.partitions.holds(id)) ids.delete(id);
    return ids;
  }
}
