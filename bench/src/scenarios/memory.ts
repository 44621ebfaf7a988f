import type { MemoryReading } from '../infra/proc.js';
import { SERVICES } from '../herald/services.js';
import { figure, type ScenarioResult } from '../report/results.js';
import { round } from '../report/stats.js';

/**
 * Peak resident memory (VmHWM) of each Herald service over the whole run,
 * against the budget of 150 MB per service; the baseline's and receiver's
 * peaks are shown for scale.
 */
export const RSS_LIMIT_MB = 150;

export function memoryResult(
  peaks: Record<string, MemoryReading>,
  /** RSS of each service right after it became ready, before any load. */
  idle: Record<string, number | null>,
  /** Highest RSS (polled each second) per scenario, to see which load grew a process. */
  bySegment: Record<string, Record<string, number>>,
): ScenarioResult {
  const problems: string[] = [];
  const figures = SERVICES.map((service) => {
    const peak = peaks[service]?.peakRssMb;
    if (peak === undefined) problems.push(`no memory reading for ${service}`);
    return figure({
      metric: `peak RSS ${service}`,
      unit: 'MB',
      herald: peak === undefined ? null : round(peak, 1),
      target: `≤ ${RSS_LIMIT_MB} MB`,
      pass: peak !== undefined && peak <= RSS_LIMIT_MB,
    });
  });
  figures.push(
    figure({
      metric: 'peak RSS of the baseline process (for scale)',
      unit: 'MB',
      baseline: peaks.baseline ? round(peaks.baseline.peakRssMb, 1) : null,
      herald: null,
    }),
  );
  return {
    id: 'memory',
    title: 'Peak RSS per process',
    correct: problems.length === 0,
    problems,
    figures,
    details: {
      peaks,
      idleRssMb: idle,
      rssByScenario: bySegment,
      receiverPeakMb: peaks.receiver?.peakRssMb ?? null,
    },
  };
}
