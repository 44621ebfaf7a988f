import { parseArgs } from './args.js';
import { ApiCallError, HeraldClient, UsageError } from './client.js';
import type { Command } from './command.js';
import { deliveryCommands } from './commands/deliveries.js';
import { endpointCommands } from './commands/endpoints.js';
import { eventTypeCommands } from './commands/event-types.js';
import { tenantCommands } from './commands/tenants.js';
import { resolveConfig } from './config.js';

/**
 * `herald`: a command-line client of Herald's REST API — the same routes a
 * program would call, with the API key in HERALD_API_KEY (or --key). Output
 * is the API's JSON (pretty-printed); errors go to stderr with their code and
 * details. Exit codes: 0 done, 1 the API refused, 2 wrong usage.
 */
export const COMMANDS: Command[] = [
  ...tenantCommands,
  ...eventTypeCommands,
  ...endpointCommands,
  ...deliveryCommands,
];

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** The command whose words start the arguments (longest match), and the arguments after them. */
export function findCommand(positionals: string[]): { command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: positionals.slice(words) };
  }
  return null;
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: herald <command> [arguments] [--key API_KEY] [--api URL] [--registry URL] [--ingest URL] [--dispatcher URL] [--health-monitor URL]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'herald <command> --help shows its arguments. Environment: HERALD_API_KEY, HERALD_ADMIN_TOKEN,',
    'HERALD_API_URL (the gateway) or HERALD_<SERVICE>_URL; the addresses `npm start` wrote to .herald/env are used when present.',
  ].join('\n');
}

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
    const args = parseArgs(argv);
    const found = findCommand(args.positionals);
    if (!found) {
      io.out(usage());
      return args.positionals.length === 0 || args.flags.help === true ? 0 : 2;
    }
    if (args.flags.help === true) {
      io.out(`usage: herald ${found.command.usage}\n  ${found.command.summary}`);
      return 0;
    }
    const client = new HeraldClient(resolveConfig(args.flags, env, cwd), fetchImpl);
    await found.command.run({
      client,
      args: { ...args, positionals: found.rest },
      print: (value) => io.out(JSON.stringify(value, null, 2)),
      line: io.out,
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
      stopped: () => stopping,
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`herald: ${error.message}`);
      return 2;
    }
    if (error instanceof ApiCallError) {
      io.err(`herald: ${error.status ? `${error.status} ` : ''}${error.code}: ${error.message}`);
      for (const detail of error.details) io.err(`  ${detail.field || '(body)'}: ${detail.reason}`);
      return 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
