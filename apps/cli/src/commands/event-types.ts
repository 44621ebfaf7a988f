import { readFileSync } from 'node:fs';
import { defined, intFlag, json, jsonFlag, positional, text, type ParsedArgs } from '../args.js';
import { UsageError } from '../client.js';
import { printCall, type Command } from '../command.js';

const PRESETS = new Set(['none', 'event', 'event-date', 'v-type', 'wrap']);

/** `--envelope event-date` (a preset), `--envelope v-type --v 1.1`, or JSON. */
function envelopeFlag(args: ParsedArgs): unknown {
  const value = text(args, 'envelope');
  if (value === undefined) return undefined;
  if (PRESETS.has(value)) return defined({ preset: value, v: text(args, 'v') });
  return json(value, '--envelope');
}

const version = (args: ParsedArgs) => intFlag(args, 'version') ?? 1;
const path = (args: ParsedArgs) =>
  `/v1/event-types/${encodeURIComponent(positional(args, 0, 'event type name'))}/versions/${version(args)}`;

const FIELDS =
  '[--description D] [--schema JSON|@file] [--envelope none|event|event-date|v-type|wrap|JSON] [--v 1.1] [--example JSON|@file]';

export const eventTypeCommands: Command[] = [
  {
    name: 'event-types list',
    usage: 'event-types list [--all]',
    summary: 'the catalog, every version (--all: archived too)',
    run: printCall('registry', 'GET', '/v1/event-types', (args) => ({
      query: { includeArchived: args.flags.all === true },
    })),
  },
  {
    name: 'event-types get',
    usage: 'event-types get <name> [--version N]',
    summary: 'an event type’s versions, or one version',
    run: async ({ client, args, print }) => {
      const route =
        args.flags.version === undefined
          ? `/v1/event-types/${encodeURIComponent(positional(args, 0, 'event type name'))}`
          : path(args);
      print((await client.call('registry', 'GET', route)).body);
    },
  },
  {
    name: 'event-types create',
    usage: `event-types create <name> [--version N] ${FIELDS}`,
    summary: 'add an event type (or a new version of one)',
    run: async ({ client, args, print }) => {
      const body = defined({
        name: positional(args, 0, 'event type name'),
        version: intFlag(args, 'version'),
        description: text(args, 'description'),
        schema: jsonFlag(args, 'schema'),
        envelope: envelopeFlag(args),
        example: jsonFlag(args, 'example'),
      });
      print((await client.call('registry', 'POST', '/v1/event-types', { body })).body);
    },
  },
  {
    name: 'event-types update',
    usage: `event-types update <name> [--version N] ${FIELDS}`,
    summary: 'change one version',
    run: async ({ client, args, print }) => {
      const body = defined({
        description: text(args, 'description'),
        schema: jsonFlag(args, 'schema'),
        envelope: envelopeFlag(args),
        example: jsonFlag(args, 'example'),
      });
      print((await client.call('registry', 'PATCH', path(args), { body })).body);
    },
  },
  {
    name: 'event-types archive',
    usage: 'event-types archive <name> [--version N]',
    summary: 'archive a version (still accepted; no new subscriptions)',
    run: printCall('registry', 'PATCH', path, () => ({ body: { archived: true } })),
  },
  {
    name: 'event-types unarchive',
    usage: 'event-types unarchive <name> [--version N]',
    summary: 'bring an archived version back',
    run: printCall('registry', 'PATCH', path, () => ({ body: { archived: false } })),
  },
  {
    name: 'event-types import',
    usage: 'event-types import <file.json>',
    summary: 'create or replace many versions from a file: { "eventTypes": [...] } or [...]',
    run: async ({ client, args, print }) => {
      const file = positional(args, 0, 'file');
      const parsed = json(readFileSync(file, 'utf8'), file);
      const eventTypes = Array.isArray(parsed)
        ? parsed
        : (parsed as { eventTypes?: unknown }).eventTypes;
      if (!Array.isArray(eventTypes)) throw new UsageError(`${file} holds no event types`);
      print(
        (await client.call('registry', 'POST', '/v1/event-types/import', { body: { eventTypes } }))
          .body,
      );
    },
  },
  {
    name: 'catalogs list',
    usage: 'catalogs list',
    summary: 'the example catalogs shipped with Herald (one per source product)',
    run: async ({ client, print }) =>
      print((await client.call('registry', 'GET', '/v1/catalogs')).body),
  },
  {
    name: 'catalogs show',
    usage: 'catalogs show <name>',
    summary: 'an example catalog with its schemas and examples',
    run: printCall(
      'registry',
      'GET',
      (args) => `/v1/catalogs/${positional(args, 0, 'catalog name')}`,
    ),
  },
  {
    name: 'catalogs load',
    usage: 'catalogs load <name>',
    summary: 'load an example catalog into the tenant’s event types',
    run: async ({ client, args, line, progress }) => {
      const name = positional(args, 0, 'catalog name');
      const { body: catalog } = await client.call<{ eventTypes: unknown[] }>(
        'registry',
        'GET',
        `/v1/catalogs/${name}`,
      );
      progress(`loading catalog ${name}: ${catalog.eventTypes.length} event types…`);
      const { body } = await client.call<{
        created: number;
        updated: number;
        eventTypes: { name: string; version: number }[];
      }>('registry', 'POST', `/v1/catalogs/${name}/load`);
      line(`loaded ${name}: ${body.created} created, ${body.updated} updated`);
      for (const e of body.eventTypes) line(`  ${e.name}@${e.version}`);
    },
  },
];
