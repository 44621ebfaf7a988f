import { readFileSync } from 'node:fs';
import { UsageError } from './client.js';

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['follow', 'failures', 'all', 'dry-run', 'help', 'include-replayed']);

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  /** Every value of a repeatable flag (`--label a:b --label c:d`). */
  lists: Record<string, string[]>;
}

/**
 * `herald <words…> [--flag value | --flag=value | --switch]`. Pure. Values
 * never start with `--`; a flag given twice keeps every value in `lists`
 * and the last in `flags`.
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: {}, lists: {} };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--') || token === '--') {
      parsed.positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    let value: string | boolean;
    if (eq !== -1) value = token.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(name)) value = true;
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`--${name} needs a value`);
      value = next;
      i += 1;
    }
    parsed.flags[name] = value;
    if (typeof value === 'string') (parsed.lists[name] ??= []).push(value);
  }
  return parsed;
}

/** A flag's text, or undefined. */
export const text = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
};

/** A JSON argument: inline JSON, or `@file.json`. */
export function json(value: string, what: string): unknown {
  const source = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new UsageError(
      `${what} is not JSON (${(error as Error).message}); give JSON or @file.json`,
    );
  }
}

export const jsonFlag = (args: ParsedArgs, name: string): unknown => {
  const value = text(args, name);
  return value === undefined ? undefined : json(value, `--${name}`);
};

export const intFlag = (args: ParsedArgs, name: string): number | undefined => {
  const value = text(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
};

export const boolFlag = (args: ParsedArgs, name: string): boolean | undefined => {
  const value = args.flags[name];
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`--${name} must be true or false`);
};

/** Comma-separated list flag (`--events a,b`). */
export const listFlag = (args: ParsedArgs, name: string): string[] | undefined =>
  text(args, name)
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Repeated `key<sep>value` flags as an object (`--label team:billing`, `--header X-A:1`). */
export function pairsFlag(args: ParsedArgs, name: string): Record<string, string> | undefined {
  const values = args.lists[name];
  if (!values) return undefined;
  return Object.fromEntries(
    values.map((pair) => {
      const at = pair.indexOf(':');
      if (at <= 0) throw new UsageError(`--${name} takes key:value, not "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** The n-th positional after the command words, or a usage error naming it. */
export function positional(args: ParsedArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}

/** Drops undefined values (so a PATCH sends only what was given). */
export const defined = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
