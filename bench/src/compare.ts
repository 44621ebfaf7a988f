/**
 * `node bench/dist/compare.js A1.json A2.json … --vs B1.json B2.json …`: two
 * builds compared over their `--only throughput` runs, in receiver units
 * (ADR 0119), as Markdown. `bench/ab.sh` makes such runs, alternated.
 */
import { readFileSync } from 'node:fs';
import { pointOf, renderComparison, type RunPoint } from './report/compare.js';
import type { BenchRun } from './report/render.js';

const args = process.argv.slice(2);
const split = args.indexOf('--vs');
if (split < 1 || split === args.length - 1) {
  console.error('usage: node bench/dist/compare.js A1.json [A2.json …] --vs B1.json [B2.json …]');
  process.exit(2);
}

function points(files: string[]): RunPoint[] {
  return files.map((file) => {
    const point = pointOf(JSON.parse(readFileSync(file, 'utf8')) as BenchRun);
    if (!point) {
      console.error(`${file}: no throughput scenario with Herald's rounds`);
      process.exit(1);
    }
    return point;
  });
}

process.stdout.write(renderComparison(points(args.slice(0, split)), points(args.slice(split + 1))));
