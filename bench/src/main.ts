/**
 * `pnpm bench` entry point: parse options, run, print the table, exit with
 * 0 (correct), 1 (incorrect deliveries, an error, or interrupted) or, with
 * `--strict`, 2 (correct but a target missed).
 */
import path from 'node:path';
import { Cleanup } from './lifecycle/cleanup.js';
import { parseOptions, USAGE } from './options.js';
import { markdown } from './report/render.js';
import { runBench } from './run.js';

const root = path.resolve(import.meta.dirname, '../..');

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(1);
}
if (options === 'help') {
  console.log(USAGE);
  process.exit(0);
}

const cleanup = new Cleanup();
const stop = { stopped: false };
cleanup.handleSignals(() => {
  stop.stopped = true;
});

try {
  const { run, jsonPath } = await runBench(root, options, cleanup, stop);
  console.log(markdown(run));
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonPath)}`);
  process.exitCode = !run.correct ? 1 : options.strict && !run.targetsMet ? 2 : 0;
} catch (error) {
  if (!cleanup.signal) console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup.runAll();
}
