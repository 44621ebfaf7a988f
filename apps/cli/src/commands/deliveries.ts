import { defined, intFlag, json, positional, text, type ParsedArgs } from '../args.js';
import { printCall, type Command, type CommandContext } from '../command.js';

interface Attempt {
  attemptId: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  attempt: number;
  outcome: 'success' | 'failure';
  reason: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  at: string;
}

/** One attempt as one line of `tail`. Pure. */
export function attemptLine(a: Attempt): string {
  const mark = a.outcome === 'success' ? 'ok  ' : 'FAIL';
  const status = a.statusCode === null ? a.reason : String(a.statusCode);
  const detail = a.outcome === 'failure' && a.error ? `  ${a.error}` : '';
  return `${a.at}  ${mark} ${status.padEnd(4)} ${String(Math.round(a.latencyMs)).padStart(5)}ms  ${a.eventType}  endpoint=${a.endpointId}  message=${a.messageId}  #${a.attempt}${detail}`;
}

const listQuery = (args: ParsedArgs) => ({
  limit: text(args, 'limit'),
  cursor: text(args, 'cursor'),
  since: text(args, 'since'),
  until: text(args, 'until'),
});

/**
 * `tail`: the latest attempts (one line each, oldest first); with `--follow`,
 * then every new one as it is logged, until interrupted.
 */
async function tail({ client, args, line, wait, stopped }: CommandContext): Promise<void> {
  const limit = intFlag(args, 'limit') ?? 20;
  const intervalMs = intFlag(args, 'interval-ms') ?? 1000;
  const query = defined({
    endpointId: text(args, 'endpoint'),
    outcome: args.flags.failures === true ? 'failure' : undefined,
  });
  const seen = new Set<string>();
  const show = (attempts: Attempt[]) => {
    for (const attempt of [...attempts].reverse()) {
      if (seen.has(attempt.attemptId)) continue;
      seen.add(attempt.attemptId);
      line(attemptLine(attempt));
    }
  };
  const { body } = await client.call<{ data: Attempt[] }>('health-monitor', 'GET', '/v1/attempts', {
    query: { ...query, limit },
  });
  show(body.data);
  let since = body.data[0]?.at;
  while (args.flags.follow === true && !stopped()) {
    await wait(intervalMs);
    if (stopped()) break;
    const next = await client.call<{ data: Attempt[] }>('health-monitor', 'GET', '/v1/attempts', {
      query: { ...query, limit: 500, since },
    });
    show(next.body.data);
    since = next.body.data[0]?.at ?? since;
  }
}

interface Replay {
  id: string;
  status: string;
  matched: number;
  published: number;
  dryRun: boolean;
}

/** One progress line of a replay. Pure. */
export function replayProgress(r: Replay): string {
  const percent = r.matched === 0 ? 100 : Math.floor((r.published / r.matched) * 100);
  return `replay ${r.id}: ${r.status}, ${r.published}/${r.matched} republished (${percent} %)`;
}

/**
 * Prints the answer to a replay request; with `--wait`, follows the replay
 * (GET /v1/replays/:id) until it is no longer running, a progress line on
 * stderr whenever it moved, and prints its final record instead.
 */
async function finishReplay(
  { client, args, print, progress, wait, stopped }: CommandContext,
  started: { replayId: string },
): Promise<void> {
  if (args.flags.wait !== true) return print(started);
  const intervalMs = intFlag(args, 'interval-ms') ?? 500;
  let last = '';
  for (;;) {
    const { body: replay } = await client.call<Replay>(
      'dispatcher',
      'GET',
      `/v1/replays/${started.replayId}`,
    );
    const line = replayProgress(replay);
    if (line !== last) progress(line);
    last = line;
    if (replay.status !== 'running' || stopped()) return print(replay);
    await wait(intervalMs);
  }
}

export const deliveryCommands: Command[] = [
  {
    name: 'publish',
    usage: 'publish <eventType> <payload JSON|@file> [--id K] [--channel C] [--version N]',
    summary: 'publish an event over HTTP (admin or publisher key)',
    run: async ({ client, args, print }) => {
      const body = defined({
        type: positional(args, 0, 'event type'),
        payload: json(positional(args, 1, 'payload'), 'payload'),
        id: text(args, 'id'),
        channel: text(args, 'channel'),
        version: intFlag(args, 'version'),
      });
      print((await client.call('ingest', 'POST', '/v1/events', { body })).body);
    },
  },
  {
    name: 'messages list',
    usage:
      'messages list [--event-type T] [--channel C] [--since T] [--until T] [--limit N] [--cursor C]',
    summary: 'messages, newest first',
    run: async ({ client, args, print }) => {
      const query = {
        ...listQuery(args),
        eventType: text(args, 'event-type'),
        channel: text(args, 'channel'),
      };
      print((await client.call('ingest', 'GET', '/v1/messages', { query })).body);
    },
  },
  {
    name: 'messages get',
    usage: 'messages get <messageId>',
    summary: 'one message with its payload and delivered body',
    run: printCall('ingest', 'GET', (args) => `/v1/messages/${positional(args, 0, 'message id')}`),
  },
  {
    name: 'messages attempts',
    usage: 'messages attempts <messageId>',
    summary: 'every attempt of a message',
    run: printCall(
      'health-monitor',
      'GET',
      (args) => `/v1/messages/${positional(args, 0, 'message id')}/attempts`,
    ),
  },
  {
    name: 'messages deliveries',
    usage: 'messages deliveries <messageId>',
    summary: 'where a message stands at each endpoint',
    run: printCall(
      'health-monitor',
      'GET',
      (args) => `/v1/messages/${positional(args, 0, 'message id')}/deliveries`,
    ),
  },
  {
    name: 'attempts',
    usage: 'attempts <endpointId> [--failures] [--since T] [--until T] [--limit N] [--cursor C]',
    summary: 'an endpoint’s attempt log (--failures: its error log)',
    run: async ({ client, args, print }) => {
      const route = `/v1/endpoints/${positional(args, 0, 'endpoint id')}/${args.flags.failures === true ? 'failures' : 'attempts'}`;
      print((await client.call('health-monitor', 'GET', route, { query: listQuery(args) })).body);
    },
  },
  {
    name: 'tail',
    usage: 'tail [--endpoint id] [--failures] [--limit N] [--follow] [--interval-ms N]',
    summary: 'the latest attempts, one line each; --follow keeps printing new ones',
    run: tail,
  },
  {
    name: 'resend',
    usage: 'resend <messageId> <endpointId>',
    summary: 'send one message to one endpoint again',
    run: async ({ client, args, print }) => {
      const route = `/v1/messages/${positional(args, 0, 'message id')}/resend`;
      const body = { endpointId: positional(args, 1, 'endpoint id') };
      print((await client.call('ingest', 'POST', route, { body })).body);
    },
  },
  {
    name: 'replay',
    usage:
      'replay [--endpoint id] [--event-type T] [--status-code N] [--since T] [--until T] [--include-replayed] [--dry-run] [--wait] [--interval-ms N]',
    summary: 'replay dead letters (--dry-run: only count them; --wait: show progress until done)',
    run: async (context) => {
      const { client, args } = context;
      const body = defined({
        endpointId: text(args, 'endpoint'),
        eventType: text(args, 'event-type'),
        statusCode: intFlag(args, 'status-code'),
        since: text(args, 'since'),
        until: text(args, 'until'),
        includeReplayed: args.flags['include-replayed'] === true ? true : undefined,
        dryRun: args.flags['dry-run'] === true ? true : undefined,
      });
      const { body: replay } = await client.call<{ replayId: string }>(
        'dispatcher',
        'POST',
        '/v1/dead-letters/replay',
        { body },
      );
      await finishReplay(context, replay);
    },
  },
  {
    name: 'recover',
    usage: 'recover <endpointId> --since T [--dry-run] [--wait] [--interval-ms N]',
    summary: 'replay everything of an endpoint that died since a time (--wait: show progress)',
    run: async (context) => {
      const { client, args } = context;
      const body = defined({
        since: text(args, 'since'),
        dryRun: args.flags['dry-run'] === true ? true : undefined,
      });
      const { body: replay } = await client.call<{ replayId: string }>(
        'dispatcher',
        'POST',
        `/v1/endpoints/${positional(args, 0, 'endpoint id')}/recover`,
        { body },
      );
      await finishReplay(context, replay);
    },
  },
  {
    name: 'dead-letters',
    usage: 'dead-letters [--endpoint id] [--event-type T] [--limit N] [--cursor C]',
    summary: 'deliveries that gave up',
    run: async ({ client, args, print }) => {
      const query = {
        ...listQuery(args),
        endpointId: text(args, 'endpoint'),
        eventType: text(args, 'event-type'),
      };
      print((await client.call('dispatcher', 'GET', '/v1/dead-letters', { query })).body);
    },
  },
];
