import type { ScenarioId } from '../options.js';

/**
 * What a scenario reports. Figures carry both systems' values, their ratio
 * within this run, and Herald's target with pass/fail. A scenario whose
 * deliveries did not verify is `correct: false`, and then none of its targets
 * counts as met.
 */
export interface Figure {
  metric: string;
  unit: string;
  baseline: number | null;
  herald: number | null;
  /** How Herald compares with the baseline in this run (see `ratioMeaning`). */
  ratio: number | null;
  ratioMeaning?: string;
  target: string | null;
  pass: boolean | null;
}

export interface ScenarioResult {
  id: ScenarioId | 'memory';
  title: string;
  correct: boolean;
  problems: string[];
  figures: Figure[];
  /** Verification counts, CPU seconds per process, raw distributions… */
  details: Record<string, unknown>;
  error?: string;
}

export function figure(fields: Partial<Figure> & Pick<Figure, 'metric' | 'unit'>): Figure {
  return {
    baseline: null,
    herald: null,
    ratio: null,
    target: null,
    pass: null,
    ...fields,
  };
}

/** herald / baseline, or null when either is missing or zero. */
export function ratioOf(herald: number | null, baseline: number | null): number | null {
  if (herald === null || baseline === null || !Number.isFinite(herald) || !baseline) return null;
  return herald / baseline;
}
