// Runs scripts/ensure-infra.ts, for callers that may have an older Node first
// on the PATH (a fresh machine, before scripts/ensure-node.sh ran): a Node that
// runs TypeScript runs it here; any other runs it under the Node 24 that
// scripts/ensure-node.sh provides.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.features.typescript) {
  await import('./ensure-infra.ts');
} else {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const run = spawnSync(
    'bash',
    ['-c', '. scripts/ensure-node.sh >&2 && exec node scripts/ensure-infra.ts'],
    { cwd: root, stdio: 'inherit' },
  );
  process.exit(run.status ?? 1);
}
