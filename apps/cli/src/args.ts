import { readFileSync } from 'node:fs';
import { UsageError } from './client.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  /** Every value of a repeatable flag (`--label a:b --label c:d`). */
  lists: Record<string, string[]>;
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

/** `--retry-schedule 5s,1m` as a list, `default` as null (the default schedule), absent as undefined. */
export const retryScheduleFlag = (args: ParsedArgs): string[] | null | undefined =>
  text(args, 'retry-schedule') === 'default' ? null : listFlag(args, 'retry-schedule');

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

const PER_SECOND = { s: 1, m: 60, h: 3600 } as const;

/**
 * `--rate-limit`: requests per second as `10`, `10/s`, `600/m` or `36000/h`
 * (all 10 per second); `none` removes the limit (null). Anything else is a
 * usage error — never a silent null. Pure.
 */
export function rateFlag(value: string): number | null {
  if (value === 'none') return null;
  const match = /^(\d+(?:\.\d+)?)(?:\/([smh]))?$/.exec(value.trim());
  if (!match) {
    throw new UsageError(
      `--rate-limit takes requests per second: N, N/s, N/m, N/h or none, not "${value}"`,
    );
  }
  return Number(match[1]) / PER_SECOND[(match[2] ?? 's') as keyof typeof PER_SECOND];
}
