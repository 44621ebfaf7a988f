import type { ParsedArgs } from './args.js';
import type { HeraldClient } from './client.js';
import type { Service } from './config.js';

/** What a command gets: the API client, its arguments (positionals after the command words), output. */
export interface CommandContext {
  client: HeraldClient;
  args: ParsedArgs;
  print: (value: unknown) => void;
  line: (text: string) => void;
  /** Progress of a long operation, on stderr (stdout stays the result). */
  progress: (text: string) => void;
  /** Resolves after `ms`, or at once when the run is being stopped (tail --follow). */
  wait: (ms: number) => Promise<void>;
  stopped: () => boolean;
}

export interface Command {
  /** The words that select it, e.g. `endpoints create`. */
  name: string;
  usage: string;
  summary: string;
  run: (context: CommandContext) => Promise<void>;
}

/** What one call sends besides its route: body, query, credential. */
export type CallRequest = NonNullable<Parameters<HeraldClient['call']>[3]>;

/**
 * The run of a command that is one call: its route (and body, query or
 * credential) made from the arguments; prints the answer.
 */
export const printCall =
  (
    service: Service,
    method: string,
    route: string | ((args: ParsedArgs) => string),
    request: (args: ParsedArgs) => CallRequest = () => ({}),
  ): Command['run'] =>
  async ({ client, args, print }) => {
    const path = typeof route === 'string' ? route : route(args);
    print((await client.call(service, method, path, request(args))).body);
  };
