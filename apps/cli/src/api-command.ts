import { Command as Commander, Option } from 'commander';
import { defined, json } from './args.js';
import type { CommandContext } from './command.js';
import type { Operation } from './operation.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/**
 * One generated command: `herald api <service> <operation> <pathParam>…
 * [--<query-param> V]… [--body JSON|@file]`. Path parameters are arguments
 * in the route's order, query parameters options (kebab case; repeatable
 * where the API takes a list), the request body `--body`.
 */
export function apiCommand(
  group: Commander,
  operation: Operation,
  context: (self: Commander) => Omit<CommandContext, 'args'>,
): Commander {
  const sub = group
    .command(operation.command)
    .description(`${operation.summary}  [${operation.method} ${operation.path}]`);
  for (const param of operation.pathParams) sub.argument(`<${param}>`);
  for (const param of operation.query) {
    const option = new Option(`--${kebab(param.name)} <value>`, param.description);
    if (param.repeatable) option.argParser(collect);
    sub.addOption(option);
  }
  if (operation.body) sub.option('--body <json>', 'request body: JSON or @file.json (default {})');
  sub.action(async (...params: unknown[]) => {
    const self = params.at(-1) as Commander;
    const opts = self.opts<Record<string, string | string[] | undefined>>();
    const route = operation.pathParams.reduce(
      (path, name, i) => path.replace(`{${name}}`, encodeURIComponent(self.args[i]!)),
      operation.path,
    );
    const query = defined(
      Object.fromEntries(operation.query.map((q) => [q.name, opts[q.name]])),
    ) as Record<string, string | string[]>;
    const given = opts.body as string | undefined;
    const body = operation.body ? (given === undefined ? {} : json(given, '--body')) : undefined;
    const { client, print } = context(self);
    const answer = await client.call(operation.service, operation.method, route, {
      query,
      body,
      auth: operation.auth,
    });
    print(answer.body);
  });
  return sub;
}
