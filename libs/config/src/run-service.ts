import { ConfigError } from './env.js';

/**
 * A service's main: runs its start. If the start fails the process exits 1
 * after printing why: for an invalid environment the message naming every
 * offending variable, otherwise the error.
 */
export async function runService(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
