import {
  boolFlag,
  defined,
  intFlag,
  jsonFlag,
  listFlag,
  pairsFlag,
  positional,
  retryScheduleFlag,
  rateFlag,
  text,
  type ParsedArgs,
} from '../args.js';
import { printCall, type Command } from '../command.js';

/** Endpoint fields from flags; only the ones given (so `update` changes only those). */
function endpointFields(args: ParsedArgs): Record<string, unknown> {
  const rate = text(args, 'rate-limit');
  return defined({
    description: text(args, 'description'),
    eventTypes: listFlag(args, 'events'),
    channels: listFlag(args, 'channels'),
    payloadFilter: text(args, 'filter') === 'none' ? null : jsonFlag(args, 'filter'),
    metadata: pairsFlag(args, 'label'),
    headers: pairsFlag(args, 'header'),
    timeoutMs: intFlag(args, 'timeout-ms'),
    concurrency: intFlag(args, 'concurrency'),
    rateLimit: rate === undefined ? undefined : rateFlag(rate),
    retrySchedule: retryScheduleFlag(args),
    enabled: boolFlag(args, 'enabled'),
  });
}

const FIELDS =
  '[--events a,b.*,c@2] [--channels x,y] [--filter JSON|@file|none] [--label k:v]… [--header K:V]… [--description D] [--timeout-ms N] [--concurrency N] [--rate-limit N|N/s|N/m|N/h|none] [--retry-schedule 5s,1m|default] [--enabled true|false]';

const id = (args: ParsedArgs) => positional(args, 0, 'endpoint id');
const endpointRoute = (args: ParsedArgs) => `/v1/endpoints/${id(args)}`;

export const endpointCommands: Command[] = [
  {
    name: 'endpoints list',
    usage: 'endpoints list [--label k:v]… [--enabled true|false] [--limit N] [--cursor C]',
    summary: 'the tenant’s endpoints, oldest first',
    run: async ({ client, args, print }) => {
      const labels = args.lists.label;
      const query = {
        label: labels,
        enabled: text(args, 'enabled'),
        limit: text(args, 'limit'),
        cursor: text(args, 'cursor'),
      };
      print((await client.call('registry', 'GET', '/v1/endpoints', { query })).body);
    },
  },
  {
    name: 'endpoints get',
    usage: 'endpoints get <endpointId>',
    summary: 'one endpoint',
    run: printCall('registry', 'GET', endpointRoute),
  },
  {
    name: 'endpoints create',
    usage: `endpoints create <url> --events a,b ${FIELDS}`,
    summary: 'a new endpoint; prints its signing secret',
    run: async ({ client, args, print }) => {
      const body = { url: positional(args, 0, 'url'), ...endpointFields(args) };
      print((await client.call('registry', 'POST', '/v1/endpoints', { body })).body);
    },
  },
  {
    name: 'endpoints update',
    usage: `endpoints update <endpointId> [--url U] ${FIELDS}`,
    summary: 'change the fields given',
    run: async ({ client, args, print }) => {
      const body = defined({ url: text(args, 'url'), ...endpointFields(args) });
      print((await client.call('registry', 'PATCH', endpointRoute(args), { body })).body);
    },
  },
  {
    name: 'endpoints enable',
    usage: 'endpoints enable <endpointId>',
    summary: 'switch on (held messages are delivered)',
    run: printCall('registry', 'PATCH', endpointRoute, () => ({ body: { enabled: true } })),
  },
  {
    name: 'endpoints disable',
    usage: 'endpoints disable <endpointId>',
    summary: 'switch off (messages are held, not lost)',
    run: printCall('registry', 'PATCH', endpointRoute, () => ({ body: { enabled: false } })),
  },
  {
    name: 'endpoints delete',
    usage: 'endpoints delete <endpointId>',
    summary: 'delete an endpoint',
    run: async ({ client, args, line }) => {
      await client.call('registry', 'DELETE', endpointRoute(args));
      line(`deleted ${id(args)}`);
    },
  },
  {
    name: 'endpoints secret',
    usage: 'endpoints secret <endpointId>',
    summary: 'reveal the signing secret',
    run: async ({ client, args, print }) =>
      print((await client.call('registry', 'GET', `/v1/endpoints/${id(args)}/secret`)).body),
  },
  {
    name: 'endpoints rotate',
    usage: 'endpoints rotate <endpointId>',
    summary: 'rotate the signing secret (the old one keeps signing for the grace period)',
    run: async ({ client, args, print }) =>
      print(
        (await client.call('registry', 'POST', `/v1/endpoints/${id(args)}/secret/rotate`)).body,
      ),
  },
  {
    name: 'test',
    usage: 'test <endpointId> [--event-type T] [--version N] [--payload JSON|@file]',
    summary: 'send a test event through the pipeline and print the attempt',
    run: async ({ client, args, print }) => {
      const body = defined({
        eventType: text(args, 'event-type'),
        version: intFlag(args, 'version'),
        payload: jsonFlag(args, 'payload'),
      });
      print(
        (await client.call('registry', 'POST', `/v1/endpoints/${id(args)}/test`, { body })).body,
      );
    },
  },
];
