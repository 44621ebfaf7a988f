import type { ParsedArgs } from './args.js';
import type { HeraldClient } from './client.js';

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
