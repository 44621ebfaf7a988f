import type { PauseSettings, PolicySettings } from '../settings.js';
import type {
  AlertSignal,
  AttemptOutcome,
  EndpointAlertSignal,
  EndpointControl,
  EndpointState,
} from '@herald/contracts';
import { pausedAlertFor } from '../alerts/paused-alert.js';
import { decideDisable } from './disable-policy.js';
import { emptyRecord, endStreak, type EndpointRecord } from './endpoint-record.js';
import { recordFailure, resetWindow, type FailureWindow } from './failure-window.js';
import { decidePause } from './pause-policy.js';
import { disableWarningAlert, policyDisabledAlert, recoveredAlert } from './policy-alerts.js';
import { observeForRecovery, openIncident } from './recovery-policy.js';
import { applyAttempt } from './streak.js';

/** Everything the policies know of one endpoint. */
export interface EndpointHealthRecord {
  /** Failure streak and open incident (table `endpoint_health`); null while there is none. */
  policy: EndpointRecord | null;
  /** The pause policy's recent failures. */
  failures: FailureWindow;
  /** End of the endpoint's current pause (epoch ms), or null. */
  pausedUntil: number | null;
}

/** One attempt outcome as the policies see it. */
export interface Observation {
  attempt: AttemptOutcome;
  /** False for a redelivered outcome already stored: it moves no count. */
  counted: boolean;
  /** Whether the registry holds the endpoint disabled (by anyone) right now. */
  endpointDisabled: boolean;
}

/**
 * What the runner does for a decision, in order. `pause` stores the pause in
 * the endpoint-state bucket and then publishes its `endpoint.paused` alert.
 */
export type PolicyAction =
  | { type: 'alert'; alert: AlertSignal }
  | { type: 'control'; command: EndpointControl }
  | { type: 'pause'; state: EndpointState; until: number; alert: AlertSignal };

export interface Evaluation {
  record: EndpointHealthRecord;
  actions: PolicyAction[];
}

/** Who a decision is about, for the signals it raises. */
export interface Target {
  endpointId: string;
  tenantId: string;
  url: string;
}

/**
 * The endpoint policies chained over one outcome — a pure function: the
 * endpoint's record and the outcome in, the next record and the actions to
 * take out. The runner (`enforcement/policy-runner.ts`) performs the actions.
 *
 * 1. **Streak** (`streak.ts`): the outcome extends or ends the failure streak.
 *    A failure of an endpoint the registry holds disabled (an attempt in
 *    flight at the disable) ends the streak instead, and steps 2 and 3 are
 *    skipped.
 * 2. **Recovery** (`recovery-policy.ts`): a success may close the open
 *    incident: `endpoint.recovered`.
 * 3. **Disable** (`disable-policy.ts`): the streak's span may warn
 *    (`endpoint.disable_warning`) or disable (`endpoint-control.v1`, then
 *    `endpoint.disabled`); either opens or joins an incident.
 * 4. **Pause** (`pause-policy.ts`): a failure stored for the first time
 *    enters the failure window; more than `threshold` in it pause the
 *    endpoint (the window starts again), which opens or joins an incident.
 *
 * Records are never mutated. An endpoint without a streak or an incident
 * has no policy record (`policy: null`); a success does not create one.
 * Action ids are derived from their cause, so a decision taken again after
 * a crash yields the same ids.
 */
export function evaluate(
  record: EndpointHealthRecord,
  observation: Observation,
  settings: PolicySettings,
  now: number,
): Evaluation {
  const { attempt, counted } = observation;
  const actions: PolicyAction[] = [];
  const failed = attempt.outcome === 'failure';
  let policy = record.policy;
  if (policy !== null || failed) {
    const base = policy ?? emptyRecord(attempt.endpointId, attempt.tenantId, attempt.url);
    const judged =
      failed && observation.endpointDisabled
        ? endStreak(base)
        : judgeStreak(base, attempt, counted, settings, now, actions);
    policy = record.policy === null && judged === base ? null : judged;
  }
  let next: EndpointHealthRecord = { ...record, policy };
  if (failed && counted) {
    const { windowMs, threshold } = settings.pause;
    const failures = recordFailure(
      next.failures,
      Date.parse(attempt.at),
      now,
      windowMs,
      threshold + 1,
    );
    const paused = considerPause({ ...next, failures }, attempt, settings.pause, now);
    next = paused.record;
    actions.push(...paused.actions);
  }
  return { record: next, actions };
}

/**
 * The pause policy alone, over the window as it stands: used when a
 * partition's windows are rebuilt from the attempt log (an endpoint already
 * over the threshold then is paused at once).
 */
export function considerPause(
  record: EndpointHealthRecord,
  target: Target,
  settings: PauseSettings,
  now: number,
): Evaluation {
  const decision = decidePause(
    { failures: record.failures.at, now, pausedUntil: record.pausedUntil },
    settings,
  );
  if (!decision) return { record, actions: [] };
  const until = new Date(decision.until).toISOString();
  const at = new Date(now).toISOString();
  const alert = pausedAlertFor({
    tenantId: target.tenantId,
    endpointId: target.endpointId,
    endpointUrl: target.url,
    failures: decision.failures,
    windowMs: settings.windowMs,
    until,
    at,
  });
  const state: EndpointState = {
    endpointId: target.endpointId,
    tenantId: target.tenantId,
    state: 'paused',
    until,
    reason: decision.reason,
    at,
  };
  return {
    record: {
      policy: raise(record, alert).policy,
      failures: resetWindow(now),
      pausedUntil: decision.until,
    },
    actions: [{ type: 'pause', state, until: decision.until, alert }],
  };
}

/**
 * Notes an alert raised about the endpoint (by an outcome, or by the pause
 * policy): it opens or joins an incident, which recovery closes later.
 */
export function raise(
  record: EndpointHealthRecord,
  signal: EndpointAlertSignal,
): EndpointHealthRecord {
  const base = record.policy ?? emptyRecord(signal.endpointId, signal.tenantId, signal.endpointUrl);
  const policy = openIncident(base, signal.kind, Date.parse(signal.occurredAt));
  if (policy === base) return record;
  return { ...record, policy };
}

/** Steps 1 to 3: streak, recovery, disable. */
function judgeStreak(
  record: EndpointRecord,
  attempt: AttemptOutcome,
  counted: boolean,
  settings: PolicySettings,
  now: number,
  actions: PolicyAction[],
): EndpointRecord {
  const at = Date.parse(attempt.at);
  const streaked = applyAttempt(record, attempt, counted);
  const recovery = observeForRecovery(
    streaked,
    { outcome: attempt.outcome, at },
    counted,
    settings.recovery,
  );
  const next = recovery.record;
  if (recovery.action === 'recover') {
    actions.push({ type: 'alert', alert: recoveredAlert(next, recovery, at) });
  }
  const decision = decideDisable(next, settings.disable);
  if (decision.action === 'none' || next.failingSince === null) return next;
  const streak = { ...next, failingSince: next.failingSince };
  if (decision.action === 'warn') {
    actions.push({
      type: 'alert',
      alert: disableWarningAlert(streak, decision.percent, decision.disableAt, at),
    });
    return openIncident(
      { ...next, warnedPercent: decision.percent },
      'endpoint.disable_warning',
      at,
    );
  }
  actions.push(
    { type: 'control', command: disableCommand(streak, at) },
    { type: 'alert', alert: policyDisabledAlert(streak, at) },
  );
  return openIncident(
    { ...endStreak(next), disabledAt: Math.max(at, now) },
    'endpoint.disabled',
    at,
  );
}

function disableCommand(
  record: EndpointRecord & { failingSince: number },
  at: number,
): EndpointControl {
  const since = new Date(record.failingSince).toISOString();
  return {
    commandId: `${record.endpointId}:disable:${since}`,
    endpointId: record.endpointId,
    tenantId: record.tenantId,
    action: 'disable',
    reason: 'failing_persistently',
    statusCode: record.lastStatusCode,
    at: new Date(at).toISOString(),
  };
}
