/**
 * `node bench/dist/hop-chart.js bench/results/<run>.json > chart.svg`: the
 * run's CPU per delivery by hop (throughput scenario) as an SVG picture.
 */
import { readFileSync } from 'node:fs';
import type { BenchRun } from './report/render.js';
import { hopChartSvg } from './report/hop-chart.js';
import { costByHop, type HopCost, type Loaded } from './scenarios/hops.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/dist/hop-chart.js bench/results/<run>.json > chart.svg');
  process.exit(2);
}
const run = JSON.parse(readFileSync(file, 'utf8')) as BenchRun;
const details = run.scenarios.find((s) => s.id === 'throughput')?.details as
  { cpuByHop?: HopCost[]; baseline?: Loaded; relay?: Loaded; herald?: Loaded } | undefined;
if (!details?.herald) {
  console.error(`${file}: no throughput scenario`);
  process.exit(1);
}
// Runs recorded before the split was stored have what it is made from.
const rows =
  details.cpuByHop ??
  costByHop({ baseline: details.baseline, relay: details.relay, herald: details.herald });
process.stdout.write(
  hopChartSvg(
    rows,
    `run ${run.run}, commit ${run.git.commit.slice(0, 7)}, ${run.machine.cpuModel}, ${run.machine.cores} cores`,
  ),
);
