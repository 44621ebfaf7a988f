/**
 * The value of one series in a Prometheus exposition: the first line of
 * `name` carrying every one of `labels` (others may be there too); 0 when
 * no such series has been written yet.
 */
export function seriesValue(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = exposition
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
