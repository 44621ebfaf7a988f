import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { ParsedArgs } from './args.js';
import type { Command } from './command.js';
import { completions } from './completion.js';
import { OPERATIONS } from './generated/operations.js';
import { COMMANDS } from './main.js';
import { buildProgram, runProgram, type Runtime } from './program.js';
import { readUsage } from './usage-spec.js';

/** A runtime whose fetch records requests and answers `{ ok: true }`. */
function runtime() {
  const out: string[] = [];
  const err: string[] = [];
  const requests: { method: string; url: URL; body: unknown; auth: string | undefined }[] = [];
  const rt: Runtime = {
    env: { HERALD_API_KEY: 'hrld_key', HERALD_ADMIN_TOKEN: 'admin' },
    cwd: '/nonexistent',
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    fetchImpl: ((url: URL, init: RequestInit) => {
      requests.push({
        method: String(init.method),
        url,
        body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
        auth: (init.headers as Record<string, string>).authorization,
      });
      return Promise.resolve(
        new Response(JSON.stringify({ ok: true, data: [{ id: 'a', n: 1 }] }), {
          headers: { 'content-type': 'application/json' },
        }),
      );
    }) as unknown as typeof fetch,
    wait: () => Promise.resolve(),
    stopped: () => false,
  };
  return { rt, out, err, requests };
}

/** Runs a hand-written command with its handler replaced by a recorder of what it was given. */
async function parsed(command: Command, argv: string[]): Promise<ParsedArgs> {
  let seen: ParsedArgs | undefined;
  const recorder: Command = {
    ...command,
    run: ({ args }) => {
      seen = args;
      return Promise.resolve();
    },
  };
  const { rt, err } = runtime();
  const code = await runProgram([recorder], argv, rt);
  if (code !== 0 || !seen) throw new Error(`herald ${argv.join(' ')} → ${code}: ${err.join('\n')}`);
  return seen;
}

describe('hand-written commands: every argument and option parses into what the handler reads', () => {
  for (const command of COMMANDS) {
    const spec = readUsage(command.usage);
    it(`${command.name}: ${spec.arguments.length} arguments, ${spec.options.length} options`, async () => {
      const words = command.name.split(' ');
      const positionals = spec.arguments.map((a, i) => `${a}-value-${i}`);
      const argv = [...words, ...positionals];
      for (const option of spec.options) {
        if (option.value === null) argv.push(`--${option.name}`);
        else if (option.repeatable) argv.push(`--${option.name}`, 'k:1', `--${option.name}=k:2`);
        else argv.push(`--${option.name}`, `${option.name}-value`);
      }
      const args = await parsed(command, argv);
      expect(args.positionals).toEqual(positionals);
      for (const option of spec.options) {
        if (option.value === null) expect(args.flags[option.name]).toBe(true);
        else if (option.repeatable) expect(args.lists[option.name]).toEqual(['k:1', 'k:2']);
        else {
          expect(args.flags[option.name]).toBe(`${option.name}-value`);
          expect(args.lists[option.name]).toEqual([`${option.name}-value`]);
        }
      }
      // An option the command does not have, or a missing argument, is a usage error (exit 2).
      const { rt } = runtime();
      expect(await runProgram([command], [...argv, '--no-such-option'], rt)).toBe(2);
      if (spec.arguments.length > 0) {
        expect(await runProgram([command], words, runtime().rt)).toBe(2);
      }
    });
  }

  it('reads usage lines: arguments, valued, switch and repeatable options', () => {
    expect(
      readUsage('endpoints create <url> --events a,b [--label k:v]… [--follow] [--v 1.1]'),
    ).toEqual({
      arguments: ['url'],
      options: [
        { name: 'events', value: 'a,b', repeatable: false },
        { name: 'label', value: 'k:v', repeatable: true },
        { name: 'follow', value: null, repeatable: false },
        { name: 'v', value: '1.1', repeatable: false },
      ],
    });
  });
});

describe('herald api: one command per route of every service, from the OpenAPI', () => {
  for (const op of OPERATIONS) {
    it(`${op.service} ${op.command}: ${op.method} ${op.path}`, async () => {
      const { rt, requests, out } = runtime();
      const argv = ['api', op.service, op.command, ...op.pathParams.map((p) => `${p} 1/x`)];
      for (const q of op.query) {
        const flag = `--${q.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        argv.push(flag, `${q.name}-1`);
        if (q.repeatable) argv.push(flag, `${q.name}-2`);
      }
      if (op.body) argv.push('--body', '{"given":true}');
      expect(await runProgram([], argv, rt)).toBe(0);
      expect(requests).toHaveLength(1);
      const [request] = requests;
      expect(request!.method).toBe(op.method);
      expect(request!.url.origin).toBe(
        `http://127.0.0.1:${{ registry: 8081, ingest: 8080, dispatcher: 8082, 'health-monitor': 8083, alerting: 8084 }[op.service]}`,
      );
      const expectedPath = op.pathParams.reduce(
        (path, p) => path.replace(`{${p}}`, encodeURIComponent(`${p} 1/x`)),
        op.path,
      );
      expect(request!.url.pathname).toBe(expectedPath);
      for (const q of op.query) {
        expect(request!.url.searchParams.getAll(q.name)).toEqual(
          q.repeatable ? [`${q.name}-1`, `${q.name}-2`] : [`${q.name}-1`],
        );
      }
      expect(request!.body).toEqual(op.body ? { given: true } : undefined);
      expect(request!.auth).toBe(
        {
          apiKey: 'Bearer hrld_key',
          either: 'Bearer hrld_key',
          admin: 'Bearer admin',
          none: undefined,
        }[op.auth],
      );
      expect(out.join('\n')).toContain('"ok": true');
    });
  }

  it('covers every route of the committed OpenAPI (68 operations across five services)', () => {
    expect(new Set(OPERATIONS.map((o) => o.service)).size).toBe(5);
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(68);
  });
});

describe('global options', () => {
  it('--output table prints rows; --output json the API answer; others are refused', async () => {
    const table = runtime();
    expect(
      await runProgram([], ['api', 'registry', 'list-endpoints', '-o', 'table'], table.rt),
    ).toBe(0);
    expect(table.out.join('\n')).toBe('id  n\na   1');
    const json = runtime();
    expect(
      await runProgram([], ['--output', 'json', 'api', 'registry', 'list-endpoints'], json.rt),
    ).toBe(0);
    expect(JSON.parse(json.out.join('\n'))).toEqual({ ok: true, data: [{ id: 'a', n: 1 }] });
    expect(
      await runProgram([], ['-o', 'yaml', 'api', 'registry', 'list-endpoints'], runtime().rt),
    ).toBe(2);
  });

  it('--key, --admin-token and --<service> URLs override the environment', async () => {
    const { rt, requests } = runtime();
    const argv = [
      'api',
      'alerting',
      'list-alerts',
      '--key',
      'hrld_flag',
      '--alerting',
      'http://a:1',
    ];
    expect(await runProgram([], argv, rt)).toBe(0);
    expect(requests[0]!.url.toString()).toBe('http://a:1/v1/alerts');
    expect(requests[0]!.auth).toBe('Bearer hrld_flag');
    const admin = runtime();
    const tenants = [
      'api',
      'registry',
      'list-tenants',
      '--admin-token',
      't0k',
      '--registry',
      'http://r:2',
    ];
    expect(await runProgram([], tenants, admin.rt)).toBe(0);
    expect(admin.requests[0]!.url.toString()).toBe('http://r:2/v1/tenants');
    expect(admin.requests[0]!.auth).toBe('Bearer t0k');
  });
});

describe('shell completion', () => {
  const program = buildProgram(COMMANDS, runtime().rt);

  it('offers the commands, then subcommands, then options', () => {
    expect(completions(program, [])).toEqual(
      expect.arrayContaining(['endpoints', 'api', 'tail', 'completion', '--output', '--key']),
    );
    expect(completions(program, [])).not.toContain('__complete');
    expect(completions(program, ['endpoints'])).toEqual(
      expect.arrayContaining(['create', 'list', 'disable']),
    );
    expect(completions(program, ['endpoints', 'create'])).toEqual(
      expect.arrayContaining(['--events', '--rate-limit', '--label', '--output']),
    );
    expect(completions(program, ['api', 'dispatcher'])).toEqual(
      expect.arrayContaining(['list-dead-letters', 'replay-dead-letters', 'get-replay']),
    );
  });

  it('prints bash and zsh scripts that ask herald __complete', async () => {
    for (const shell of ['bash', 'zsh']) {
      const { rt, out } = runtime();
      expect(await runProgram(COMMANDS, ['completion', shell], rt)).toBe(0);
      expect(out.join('\n')).toContain('herald __complete');
    }
    const { rt, out } = runtime();
    expect(await runProgram(COMMANDS, ['__complete', 'endpoints'], rt)).toBe(0);
    expect(out.join('\n').split('\n')).toContain('create');
    expect(await runProgram(COMMANDS, ['completion', 'fish'], runtime().rt)).toBe(2);
  });
});

describe('generated/operations.ts', () => {
  it('matches the committed OpenAPI (run `pnpm openapi` when this fails)', async () => {
    const script = path.resolve(import.meta.dirname, '../scripts/generate-operations.mjs');
    const generator = (await import(script)) as {
      operationsOf: (docs: unknown) => unknown;
      readDocuments: () => unknown;
    };
    expect(OPERATIONS).toEqual(generator.operationsOf(generator.readDocuments()));
  });
});
