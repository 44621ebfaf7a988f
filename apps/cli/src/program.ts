import { Command as Commander, CommanderError, Option } from 'commander';
import type { ParsedArgs } from './args.js';
import { ApiCallError, HeraldClient, UsageError } from './client.js';
import type { Command, CommandContext } from './command.js';
import { SERVICES, resolveConfig } from './config.js';
import { OPERATIONS } from './generated/operations.js';
import { apiCommand } from './api-command.js';
import { completionScript, completions } from './completion.js';
import { render, type OutputFormat } from './output.js';
import { readUsage } from './usage-spec.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface Runtime {
  env: Record<string, string | undefined>;
  cwd: string;
  io: Io;
  fetchImpl: typeof fetch;
  /** Resolves after `ms`, or at once when interrupted. */
  wait: (ms: number) => Promise<void>;
  stopped: () => boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** The parsed arguments in the shape the command handlers read (`--event-type` → `event-type`). */
function parsedArgs(command: Commander): ParsedArgs {
  const opts = command.opts<Record<string, unknown>>();
  const args: ParsedArgs = { positionals: [...command.args], flags: {}, lists: {} };
  for (const option of command.options) {
    const name = option.long!.slice(2);
    const value = opts[option.attributeName()];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      args.lists[name] = value as string[];
      args.flags[name] = (value as string[]).at(-1);
    } else {
      args.flags[name] = value as string | boolean;
      if (typeof value === 'string') args.lists[name] = [value];
    }
  }
  return args;
}

/** Credentials, addresses and output format from the global options. */
function contextFor(command: Commander, runtime: Runtime): Omit<CommandContext, 'args'> {
  const globals = command.optsWithGlobals<Record<string, string | undefined>>();
  const flags: Record<string, string | undefined> = {
    key: globals.key,
    'admin-token': globals.adminToken,
    registry: globals.registry,
    ingest: globals.ingest,
    dispatcher: globals.dispatcher,
    'health-monitor': globals.healthMonitor,
    alerting: globals.alerting,
  };
  const format = (globals.output ?? 'json') as OutputFormat;
  const client = new HeraldClient(
    resolveConfig(flags, runtime.env, runtime.cwd),
    runtime.fetchImpl,
  );
  return {
    client,
    print: (value) => runtime.io.out(render(value, format)),
    line: runtime.io.out,
    progress: runtime.io.err,
    wait: runtime.wait,
    stopped: runtime.stopped,
  };
}

/** Declares one hand-written command from its usage line. */
function declare(parent: Commander, command: Command, runtime: Runtime, word: string): void {
  const spec = readUsage(command.usage);
  const sub = parent.command(word).description(command.summary);
  for (const argument of spec.arguments) sub.argument(`<${argument}>`);
  for (const option of spec.options) {
    const flag = option.value === null ? `--${option.name}` : `--${option.name} <${option.value}>`;
    const declared = new Option(flag, option.repeatable ? 'repeatable' : '');
    if (option.repeatable) declared.argParser(collect);
    sub.addOption(declared);
  }
  sub.action(async (...params: unknown[]) => {
    const self = params.at(-1) as Commander;
    await command.run({ ...contextFor(self, runtime), args: parsedArgs(self) });
  });
}

/**
 * The `herald` program: the hand-written commands of the walkthrough
 * (`endpoints create`, `publish`, `tail`, …), `herald api <service>
 * <operation>` for every route of every service (generated from the
 * committed OpenAPI), and `herald completion bash|zsh`.
 */
export function buildProgram(commands: Command[], runtime: Runtime): Commander {
  const program = new Commander('herald')
    .description("Herald's command line: every route of its REST API")
    .configureOutput({
      writeOut: (text) => runtime.io.out(text.trimEnd()),
      writeErr: (text) => runtime.io.err(text.trimEnd()),
    })
    .exitOverride()
    .showHelpAfterError()
    .addOption(new Option('--key <apiKey>', 'tenant API key (default: HERALD_API_KEY)'))
    .addOption(
      new Option('--admin-token <token>', 'operator admin token (default: HERALD_ADMIN_TOKEN)'),
    )
    .addOption(
      new Option('-o, --output <format>', 'json (default) or table').choices(['json', 'table']),
    );
  for (const service of Object.keys(SERVICES)) {
    program.addOption(
      new Option(
        `--${service} <url>`,
        `${service} base URL (default: HERALD_${service.toUpperCase().replace('-', '_')}_URL, .herald/env, local port)`,
      ),
    );
  }

  const groups = new Map<string, Commander>();
  for (const command of commands) {
    const [first, second] = command.name.split(' ') as [string, string | undefined];
    if (second === undefined) {
      declare(program, command, runtime, first);
      continue;
    }
    let group = groups.get(first);
    if (!group) {
      group = program.command(first).description(`${first} commands`);
      groups.set(first, group);
    }
    declare(group, command, runtime, second);
  }

  const api = program
    .command('api')
    .description(
      'any route of any service, as the OpenAPI names it (herald api <service> <operation>)',
    );
  for (const service of Object.keys(SERVICES)) {
    const group = api.command(service).description(`the ${service} routes`);
    for (const operation of OPERATIONS.filter((o) => o.service === service)) {
      apiCommand(group, operation, (self) => contextFor(self, runtime));
    }
  }

  program
    .command('completion')
    .description('print the shell completion script: eval "$(herald completion bash)"')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError('completion: bash or zsh');
      runtime.io.out(completionScript(shell));
    });
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .action((words: string[]) => runtime.io.out(completions(program, words).join('\n')));
  return program;
}

/** Runs `herald` with argv (without node and the script); resolves to the exit code. */
export async function runProgram(
  commands: Command[],
  argv: string[],
  runtime: Runtime,
): Promise<number> {
  const program = buildProgram(commands, runtime);
  if (argv.length === 0) {
    runtime.io.out(program.helpInformation().trimEnd());
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code)
        ? 0
        : 2;
    }
    if (error instanceof UsageError) {
      runtime.io.err(`herald: ${error.message}`);
      return 2;
    }
    if (error instanceof ApiCallError) {
      runtime.io.err(
        `herald: ${error.status ? `${error.status} ` : ''}${error.code}: ${error.message}`,
      );
      for (const detail of error.details)
        runtime.io.err(`  ${detail.field || '(body)'}: ${detail.reason}`);
      return 1;
    }
    throw error;
  }
}
