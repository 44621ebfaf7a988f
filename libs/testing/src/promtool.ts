import { execFileSync } from 'node:child_process';

/**
 * Runs `promtool check metrics` on a `/metrics` text and returns what it
 * reported (empty when the exposition is clean). Needs Debian's `prometheus`
 * package; `.ci/run` installs it.
 */
export function promtoolCheckMetrics(text: string): string {
  let promtool: string;
  try {
    promtool = execFileSync('which', ['promtool'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error('promtool not found: install Debian’s `prometheus` package (.ci/run does)', {
      cause: error,
    });
  }
  return execFileSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' }).trim();
}
