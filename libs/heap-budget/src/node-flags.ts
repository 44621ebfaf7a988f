import { readFileSync } from 'node:fs';
import path from 'node:path';
import { heapFlags, heapPlan, isHeapService } from './heap-budget.js';

/**
 * The Node flags one service starts with: those every service shares
 * (`deploy/node-flags`) and its heap limit derived from its budgets under
 * `env`. The one source for `npm start`, the image, `pnpm up`, the tests'
 * platform and the bench (`deploy/node-flags.mjs` prints them for shells).
 */
export function serviceNodeFlags(
  root: string,
  service: string,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const shared = readFileSync(path.join(root, 'deploy', 'node-flags'), 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (!isHeapService(service)) throw new Error(`no heap budget for ${service}`);
  return [...shared, ...heapFlags(heapPlan(service, env))];
}
