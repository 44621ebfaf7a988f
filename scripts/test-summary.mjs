/**
 * Turns Jest's --json results into CI's last line:
 *   node scripts/test-summary.mjs <results.json> <jest exit status>
 * prints `tests: N passed, N failed` on stdout (diagnostics on stderr) and exits
 * 1 unless every test passed and Jest itself exited 0. A run that wrote no
 * results, or that exited non-zero with no failed test (a crash, a timeout, open
 * handles, no tests found), counts as one failure so that it can never look green.
 */
import { readFileSync } from 'node:fs';

const [file, statusText = '1'] = process.argv.slice(2);
const status = Number(statusText);
const why = (line) => console.error(`ci: ${line}`);

let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  why(
    `no readable Jest results in ${file} (${error.code ?? error.message}); Jest exited with ${status}`,
  );
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

const passed = results.numPassedTests ?? 0;
let failed = (results.numFailedTests ?? 0) + (results.numRuntimeErrorTestSuites ?? 0);
for (const suite of results.testResults ?? []) {
  if (suite.testExecError || (suite.status === 'failed' && suite.assertionResults.length === 0)) {
    why(`suite failed to run: ${suite.name}`);
  }
  for (const test of suite.assertionResults ?? []) {
    if (test.status === 'failed') why(`failed: ${test.fullName} (${suite.name})`);
  }
}
if (failed === 0 && (status !== 0 || results.success === false || results.numTotalTests === 0)) {
  why(
    results.numTotalTests === 0
      ? 'no tests ran'
      : `Jest exited with ${status} although no test failed (interrupted, timed out or crashed after the run?)`,
  );
  failed = 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && status === 0 ? 0 : 1);
