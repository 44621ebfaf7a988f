import jStat from 'jstat';
import type { BenchRun } from './render.js';
import { round } from './stats.js';
import {
  costByHop,
  HOPS,
  receiverUnits,
  SYSTEMS,
  type HopCost,
  type Loaded,
  type System,
} from '../scenarios/hops.js';

/**
 * Two builds compared over several `--only throughput` runs each, in receiver
 * units (ADR 0119): every run's CPU per delivery of each system, and
 * Herald's hop by hop, divided by the receiver's in the same rounds. A side
 * is summarised by its mean and the standard error of that mean; the
 * difference of the two means counts as resolved only when its 95 %
 * interval (Welch's t, which allows each side its own spread and counts
 * how few runs estimate it) leaves out zero. Runs of one build drift
 * together between series, so a resolved difference still wants a second
 * series (the ADR, which also has the A/A series behind this rule).
 */

/** What one run gives the comparison. */
export interface RunPoint {
  run: string;
  commit: string;
  /** Each system's CPU per delivery ÷ the receiver's, in the counted rounds. */
  units: Partial<Record<System, number>>;
  /** Herald's CPU per delivery by hop ÷ the receiver's (Herald's rounds). */
  heraldHops: Record<string, number>;
}

/** The run's figures, or null when it has no throughput scenario with Herald's rounds. */
export function pointOf(run: BenchRun): RunPoint | null {
  const details = run.scenarios.find((s) => s.id === 'throughput')?.details as
    ({ cpuByHop?: HopCost[] } & Partial<Record<System, Loaded>>) | undefined;
  if (!details?.herald) return null;
  const loaded = { baseline: details.baseline, relay: details.relay, herald: details.herald };
  const byReceiver = receiverUnits(loaded);
  const heraldReceiverMs = byReceiver.herald?.receiverMs;
  if (heraldReceiverMs === undefined) return null;
  const units: Partial<Record<System, number>> = {};
  for (const system of SYSTEMS) {
    const value = byReceiver[system]?.units;
    if (value !== undefined) units[system] = value;
  }
  const heraldHops: Record<string, number> = {};
  for (const row of details.cpuByHop ?? costByHop(loaded)) {
    if (row.herald !== null) heraldHops[row.hop] = round(row.herald / heraldReceiverMs, 3);
  }
  return { run: run.run, commit: run.git.commit.slice(0, 7), units, heraldHops };
}

export interface Summary {
  n: number;
  mean: number;
  /** Standard deviation of the values (n − 1); 0 for a single value. */
  sd: number;
  /** Standard error of the mean. */
  se: number;
}

export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd, se: sd / Math.sqrt(n) };
}

export interface FigureComparison {
  figure: string;
  a: Summary;
  b: Summary;
  /** (mean B − mean A) ÷ mean A, in %. */
  differencePercent: number;
  /** The standard error of that difference, in % of mean A. */
  sePercent: number;
  /** Half the width of the difference's 95 % interval (Welch's t), in % of mean A. */
  halfWidthPercent: number;
  /** The 95 % interval leaves out zero, with two runs a side at least. */
  resolved: boolean;
}

/** Welch–Satterthwaite degrees of freedom of a difference of two means. */
export function welchDegrees(a: Summary, b: Summary): number {
  const va = a.se ** 2;
  const vb = b.se ** 2;
  return (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
}

function compareFigure(figure: string, a: number[], b: number[]): FigureComparison {
  const sa = summarise(a);
  const sb = summarise(b);
  const differencePercent = ((sb.mean - sa.mean) / sa.mean) * 100;
  const sePercent = (Math.sqrt(sa.se ** 2 + sb.se ** 2) / sa.mean) * 100;
  const enough = sa.n >= 2 && sb.n >= 2 && Number.isFinite(differencePercent);
  // Both sides without spread: any difference is the difference.
  const halfWidthPercent =
    !enough || sePercent === 0 ? 0 : jStat.studentt.inv(0.975, welchDegrees(sa, sb)) * sePercent;
  const resolved = enough && Math.abs(differencePercent) > halfWidthPercent;
  return { figure, a: sa, b: sb, differencePercent, sePercent, halfWidthPercent, resolved };
}

/** Herald's receiver units, its hops' and the other systems', side A against side B. */
export function compareRuns(a: readonly RunPoint[], b: readonly RunPoint[]): FigureComparison[] {
  const rows: FigureComparison[] = [];
  const of = (points: readonly RunPoint[], pick: (p: RunPoint) => number | undefined) =>
    points.map(pick).filter((v): v is number => v !== undefined);
  const add = (figure: string, pick: (p: RunPoint) => number | undefined) => {
    const va = of(a, pick);
    const vb = of(b, pick);
    if (va.length > 0 && vb.length > 0) rows.push(compareFigure(figure, va, vb));
  };
  add('herald', (p) => p.units.herald);
  for (const { hop } of HOPS) add(`herald: ${hop}`, (p) => p.heraldHops[hop]);
  for (const system of SYSTEMS) if (system !== 'herald') add(system, (p) => p.units[system]);
  return rows;
}

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '—';
const signed = (value: number) => (value > 0 ? '+' : '') + fixed(value, 1);

/** The runs of each side, then one row per figure, as Markdown. */
export function renderComparison(a: readonly RunPoint[], b: readonly RunPoint[]): string {
  const runs = (label: string, points: readonly RunPoint[]) =>
    points.map((p) => `| ${label} | ${p.run} | ${p.commit} | ${fixed(p.units.herald ?? NaN, 2)} |`);
  const rows = compareRuns(a, b).map(
    (r) =>
      `| ${r.figure} | ${fixed(r.a.mean, 3)} ± ${fixed(r.a.se, 3)} | ${fixed(r.b.mean, 3)} ± ${fixed(r.b.se, 3)} | ${signed(r.differencePercent)} % ± ${fixed(r.sePercent, 1)} | ± ${fixed(r.halfWidthPercent, 1)} % | ${r.resolved ? 'yes' : 'no'} |`,
  );
  return [
    '| side | run | commit | Herald, receiver units |',
    '| --- | --- | --- | ---: |',
    ...runs('A', a),
    ...runs('B', b),
    '',
    'Mean ± standard error, in receiver units; B against A, with its standard error and the half-width of its 95 % interval (Welch). Resolved: that interval leaves out zero (a second series should repeat it). With this many figures at 95 % each, a series of one build against itself shows a "yes" by chance in about one series in three.',
    '',
    '| figure | A | B | B − A | 95 % | resolved |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
}
