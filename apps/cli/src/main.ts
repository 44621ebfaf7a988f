import type { Command } from './command.js';
import { deliveryCommands } from './commands/deliveries.js';
import { endpointCommands } from './commands/endpoints.js';
import { eventTypeCommands } from './commands/event-types.js';
import { tenantCommands } from './commands/tenants.js';
import { runProgram, type Io } from './program.js';

export type { Io } from './program.js';

/**
 * `herald`: a command-line client of Herald's REST API — the same routes a
 * program would call, with the API key in HERALD_API_KEY (or --key). Output
 * is the API's JSON (pretty-printed) or a table (`--output table`); errors go
 * to stderr with their code and details. Exit codes: 0 done, 1 the API
 * refused, 2 wrong usage.
 */
export const COMMANDS: Command[] = [
  ...tenantCommands,
  ...eventTypeCommands,
  ...endpointCommands,
  ...deliveryCommands,
];

const stdio: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
  io: Io = stdio,
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  let stopping = false;
  const onSignal = () => {
    stopping = true;
  };
  process.once('SIGINT', onSignal);
  try {
    return await runProgram(COMMANDS, argv, {
      env,
      cwd,
      io,
      fetchImpl,
      stopped: () => stopping,
      wait: (ms) =>
        new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer);
            clearInterval(poll);
            resolve();
          };
          const timer = setTimeout(done, ms);
          const poll = setInterval(() => stopping && done(), 50);
        }),
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
