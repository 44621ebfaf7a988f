/**
 * Durations as Herald reads and writes them: `250ms`, `5s`, `10m`, `2h`,
 * `1d` (or a bare number of milliseconds), held as whole milliseconds. The
 * written form is the largest unit that divides the value exactly (`90s`,
 * not `1.5m`; `36h`, not `1.5d`), so `parseDuration(formatDuration(ms)) === ms`
 * for every whole number of milliseconds. Pure.
 */

const UNITS: [suffix: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

const FACTORS: Record<string, number> = Object.fromEntries(UNITS);

/** Parses `250ms`, `5s`, `10m`, `2h`, `1d` (or a bare number of milliseconds) into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration (examples: 500ms, 5s, 10m, 2h, 1d)`);
  const value = Number(match[1]);
  const factor = FACTORS[match[2] ?? 'ms'] ?? 1;
  return Math.round(value * factor);
}

/** The largest whole unit that expresses `ms` exactly: 600000 → `10m`, 1500 → `1500ms`, 0 → `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const [suffix, factor] = UNITS.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / factor}${suffix}`;
}
