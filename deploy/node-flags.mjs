// Prints the Node flags of one service: `node $(node deploy/node-flags.mjs dispatcher) …`.
// Shared flags from deploy/node-flags, the heap limit derived from the service's
// budgets in this environment (libs/heap-budget, ADR 0089). Needs `pnpm build`.
import path from 'node:path';
import { serviceNodeFlags } from '../libs/heap-budget/dist/index.js';

const service = process.argv[2];
if (!service) {
  console.error('usage: node deploy/node-flags.mjs <service>');
  process.exit(2);
}
console.log(serviceNodeFlags(path.join(import.meta.dirname, '..'), service).join(' '));
