/** Pure statistics over samples; no I/O. */

/** The q-quantile (0…1) by the nearest-rank method: a value that was actually observed. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function distribution(samples: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    p999: quantile(sorted, 0.999),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Events per second among `times` that fall in [from, to). */
export function rateIn(times: ArrayLike<number>, from: number, to: number): number {
  return to > from ? (countIn(times, from, to) * 1000) / (to - from) : Number.NaN;
}

/** Median of a few values (repetitions of one measurement). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 1) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** How many of `times` fall in [from, to). */
export function countIn(times: ArrayLike<number>, from: number, to: number): number {
  let count = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (t >= from && t < to) count++;
  }
  return count;
}

/**
 * CPU milliseconds per delivery: the CPU seconds the named processes spent
 * in a phase, summed, over the deliveries received in it. NaN when nothing
 * was delivered or none of the processes was measured.
 */
export function cpuMsPerDelivery(
  cpuSeconds: Record<string, number>,
  processes: readonly string[],
  deliveries: number,
): number {
  const measured = processes.filter((name) => cpuSeconds[name] !== undefined);
  if (deliveries <= 0 || measured.length === 0) return Number.NaN;
  const seconds = measured.reduce((sum, name) => sum + cpuSeconds[name]!, 0);
  return (seconds * 1000) / deliveries;
}
