/**
 * Merges the Jest --json results of the test passes (scripts/test.sh) into one:
 *   node scripts/merge-jest-results.mjs <out.json> <pass.json>...
 * A pass that wrote nothing is left out (test-summary.mjs still sees Jest's exit
 * status, so a crashed pass cannot look green).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [out, ...passes] = process.argv.slice(2);
const COUNTS = [
  'numTotalTests',
  'numPassedTests',
  'numFailedTests',
  'numPendingTests',
  'numTodoTests',
  'numTotalTestSuites',
  'numPassedTestSuites',
  'numFailedTestSuites',
  'numPendingTestSuites',
  'numRuntimeErrorTestSuites',
];
const merged = { success: true, testResults: [] };
for (const key of COUNTS) merged[key] = 0;
for (const file of passes) {
  if (!existsSync(file)) continue;
  const results = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of COUNTS) merged[key] += results[key] ?? 0;
  merged.success &&= results.success !== false;
  merged.testResults.push(...(results.testResults ?? []));
}
writeFileSync(out, JSON.stringify(merged));
