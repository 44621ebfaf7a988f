import { hopTotal, type HopCost, type System } from '../scenarios/hops.js';

/** One colour per hop, in the order of `HOPS`. */
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#9c755f', '#e15759'];
const SYSTEMS = [
  ['baseline', 'baseline'],
  ['relay', 'durable relay'],
  ['herald', 'Herald'],
] as const;

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, '');

/**
 * CPU per delivery by hop as an SVG: one stacked bar per system, a segment
 * per hop, and the CPU target (twice the baseline's total) as a dashed line.
 * The picture of the table the bench prints (`hopSection`).
 */
export function hopChartSvg(rows: readonly HopCost[], caption: string): string {
  const total = (system: System) => hopTotal(rows, system) ?? 0;
  const target = 2 * total('baseline');
  const widest = Math.max(target, ...SYSTEMS.map(([system]) => total(system)));
  const step = widest > 0.8 ? 0.2 : 0.1;
  const axisMax = Math.ceil((widest * 1.05) / step) * step;
  const [left, top, plot, bar, gap] = [120, 44, 560, 34, 18];
  const x = (ms: number) => left + (ms / axisMax) * plot;
  const height = top + SYSTEMS.length * (bar + gap) + 40 + Math.ceil(rows.length / 3) * 20 + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plot + 40}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">CPU per delivery by hop, ms</text>`,
    `<text x="${left}" y="36" fill="#555">${escape(caption)}</text>`,
  ];
  SYSTEMS.forEach(([system, label], i) => {
    const y = top + i * (bar + gap);
    parts.push(`<text x="${left - 8}" y="${y + bar / 2 + 4}" text-anchor="end">${label}</text>`);
    let at = 0;
    rows.forEach((row, hop) => {
      const ms = row[system];
      if (ms === null || ms <= 0) return;
      const [x0, x1] = [x(at), x(at + ms)];
      parts.push(
        `<rect x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="${bar}" fill="${COLOURS[hop % COLOURS.length]}"><title>${escape(row.hop)}: ${ms.toFixed(3)} ms</title></rect>`,
      );
      if (x1 - x0 > 34) {
        parts.push(
          `<text x="${((x0 + x1) / 2).toFixed(1)}" y="${y + bar / 2 + 4}" text-anchor="middle" fill="#fff">${ms.toFixed(3)}</text>`,
        );
      }
      at += ms;
    });
    parts.push(
      `<text x="${(x(at) + 6).toFixed(1)}" y="${y + bar / 2 + 4}">${at.toFixed(3)}</text>`,
    );
  });
  const axisY = top + SYSTEMS.length * (bar + gap) - gap + 8;
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${left + plot}" y2="${axisY}" stroke="#333"/>`);
  for (let tick = 0; tick <= axisMax + 1e-9; tick += step) {
    parts.push(
      `<line x1="${x(tick).toFixed(1)}" y1="${axisY}" x2="${x(tick).toFixed(1)}" y2="${axisY + 4}" stroke="#333"/>`,
      `<text x="${x(tick).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${tick.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<line x1="${x(target).toFixed(1)}" y1="${top - 6}" x2="${x(target).toFixed(1)}" y2="${axisY}" stroke="#c00" stroke-dasharray="5,4"/>`,
    `<text x="${(x(target) + 4).toFixed(1)}" y="${top - 8}" fill="#c00">target: 2 × baseline = ${target.toFixed(3)}</text>`,
  );
  const legendY = axisY + 34;
  rows.forEach((row, hop) => {
    const lx = left + (hop % 3) * 190;
    const ly = legendY + Math.floor(hop / 3) * 20;
    parts.push(
      `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLOURS[hop % COLOURS.length]}"/>`,
      `<text x="${lx + 18}" y="${ly}">${escape(row.hop.replace(/ \(.*\)$/, ''))}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
