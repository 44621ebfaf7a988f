/**
 * A hand-written command's usage line (`endpoints create <url> --events a,b
 * [--label k:v]… [--follow]`) read as the arguments and options to declare:
 * `<name>` is a required argument, `--x V` an option with a value, `--x`
 * alone a switch, `…` after it a repeatable option. One source for the help
 * text and the parser. Pure.
 */
export interface UsageSpec {
  arguments: string[];
  options: { name: string; value: string | null; repeatable: boolean }[];
}

export function readUsage(usage: string): UsageSpec {
  const tokens = usage.match(/<[^>]+>|\[[^\]]+\]…?|--[a-z0-9-]+(?: (?!--)[^\s[<]+)?/g) ?? [];
  const spec: UsageSpec = { arguments: [], options: [] };
  for (const token of tokens) {
    if (token.startsWith('<')) {
      spec.arguments.push(token.slice(1, -1).split(/[ |]/)[0]!);
      continue;
    }
    const repeatable = token.endsWith('…');
    const inner = token.replace(/^\[|\]…?$/g, '');
    const match = /^--([a-z0-9-]+)(?: (.+))?$/.exec(inner);
    // An option named twice (`--events a,b [--events a,b.*]`) is declared once.
    if (match && !spec.options.some((o) => o.name === match[1]))
      spec.options.push({ name: match[1]!, value: match[2] ?? null, repeatable });
  }
  return spec;
}
