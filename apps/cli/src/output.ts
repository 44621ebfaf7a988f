/**
 * `--output json|table`: JSON as the API answered (pretty-printed), or a
 * plain text table — a page (`{data: [...]}`) or a list as rows, an object
 * as field/value lines. Nested values are shown as compact JSON. Pure.
 */
export type OutputFormat = 'json' | 'table';

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function grid(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function render(value: unknown, format: OutputFormat): string {
  if (format === 'json') return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  if (typeof value !== 'object' || value === null) return cell(value);
  const page = value as { data?: unknown; nextCursor?: unknown };
  const list: unknown = Array.isArray(value) ? value : page.data;
  if (Array.isArray(list)) {
    const rows = list as unknown[];
    const records = rows.map((r) => (typeof r === 'object' && r !== null ? r : { value: r }));
    const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const table = grid(
      header,
      records.map((r) => header.map((h) => cell((r as Record<string, unknown>)[h]))),
    );
    const more =
      !Array.isArray(value) && page.nextCursor
        ? `\nnext page: --cursor ${cell(page.nextCursor)}`
        : '';
    return `${rows.length === 0 ? '(none)' : table}${more}`;
  }
  return grid(
    ['field', 'value'],
    Object.entries(value).map(([k, v]) => [k, cell(v)]),
  );
}
