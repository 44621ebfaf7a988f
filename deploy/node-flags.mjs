// Prints the Node flags of one service: `node $(node deploy/node-flags.mjs dispatcher) …`,
// or with `--entry` the file it starts from (its bundle, ADR 0093; the gateway's dist/main.js).
// Shared flags from deploy/node-flags, the heap limit derived from the service's
// budgets in this environment (libs/heap-budget, ADR 0089). Needs `pnpm build`.
import path from 'node:path';
import { serviceEntry, serviceNodeFlags } from '../libs/heap-budget/dist/index.js';

const entry = process.argv[2] === '--entry';
const service = process.argv[entry ? 3 : 2];
if (!service) {
  console.error('usage: node deploy/node-flags.mjs [--entry] <service>');
  process.exit(2);
}
const root = path.join(import.meta.dirname, '..');
console.log(entry ? serviceEntry(root, service) : serviceNodeFlags(root, service).join(' '));
