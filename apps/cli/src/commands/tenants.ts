import {
  boolFlag,
  defined,
  intFlag,
  positional,
  retryScheduleFlag,
  text,
  type ParsedArgs,
} from '../args.js';
import { printCall, type Command } from '../command.js';

/** Settings flags shared by `tenants create|update` and `settings set`. */
export function settingsFlags(args: ParsedArgs): Record<string, unknown> {
  return defined({
    httpsOnly: boolFlag(args, 'https-only'),
    maxUrlLength: intFlag(args, 'max-url-length'),
    uniqueChannelEndpoint: boolFlag(args, 'unique-channel-endpoint'),
    retrySchedule: retryScheduleFlag(args),
  });
}

const SETTINGS_USAGE =
  '[--https-only true|false] [--max-url-length N] [--unique-channel-endpoint true|false] [--retry-schedule 5s,5m,…|default]';

export const tenantCommands: Command[] = [
  {
    name: 'tenants list',
    usage: 'tenants list',
    summary: 'list tenants (admin token)',
    run: async ({ client, print }) =>
      print((await client.call('registry', 'GET', '/v1/tenants', { admin: true })).body),
  },
  {
    name: 'tenants get',
    usage: 'tenants get <tenantId>',
    summary: 'one tenant and its settings (admin token)',
    run: async ({ client, args, print }) =>
      print(
        (
          await client.call('registry', 'GET', `/v1/tenants/${positional(args, 0, 'tenant id')}`, {
            admin: true,
          })
        ).body,
      ),
  },
  {
    name: 'tenants create',
    usage: `tenants create <name> ${SETTINGS_USAGE}`,
    summary: 'create a tenant; prints its first admin API key, once (admin token)',
    run: async ({ client, args, print }) => {
      const settings = settingsFlags(args);
      const body = {
        name: positional(args, 0, 'tenant name'),
        ...(Object.keys(settings).length ? { settings } : {}),
      };
      print((await client.call('registry', 'POST', '/v1/tenants', { admin: true, body })).body);
    },
  },
  {
    name: 'tenants update',
    usage: `tenants update <tenantId> [--name N] ${SETTINGS_USAGE}`,
    summary: 'rename a tenant or change its settings (admin token)',
    run: async ({ client, args, print }) => {
      const settings = settingsFlags(args);
      const body = defined({
        name: text(args, 'name'),
        settings: Object.keys(settings).length ? settings : undefined,
      });
      print(
        (
          await client.call(
            'registry',
            'PATCH',
            `/v1/tenants/${positional(args, 0, 'tenant id')}`,
            { admin: true, body },
          )
        ).body,
      );
    },
  },
  {
    name: 'tenants key',
    usage: 'tenants key <tenantId> --role admin|configurator|viewer|publisher [--name N]',
    summary: 'mint an API key for a tenant (admin token)',
    run: async ({ client, args, print }) => {
      const body = defined({ role: text(args, 'role'), name: text(args, 'name') });
      const route = `/v1/tenants/${positional(args, 0, 'tenant id')}/api-keys`;
      print((await client.call('registry', 'POST', route, { admin: true, body })).body);
    },
  },
  {
    name: 'whoami',
    usage: 'whoami',
    summary: 'the tenant and role of the API key',
    run: async ({ client, print }) => print((await client.call('registry', 'GET', '/v1/me')).body),
  },
  {
    name: 'keys list',
    usage: 'keys list [--all]',
    summary: 'the tenant’s API keys, by prefix (--all: revoked too)',
    run: printCall('registry', 'GET', '/v1/api-keys', (args) => ({
      query: { includeRevoked: args.flags.all === true },
    })),
  },
  {
    name: 'keys create',
    usage: 'keys create --role admin|configurator|viewer|publisher [--name N]',
    summary: 'a new API key, printed once',
    run: async ({ client, args, print }) => {
      const body = defined({ role: text(args, 'role'), name: text(args, 'name') });
      print((await client.call('registry', 'POST', '/v1/api-keys', { body })).body);
    },
  },
  {
    name: 'keys revoke',
    usage: 'keys revoke <keyId>',
    summary: 'revoke an API key',
    run: async ({ client, args, line }) => {
      const id = positional(args, 0, 'key id');
      await client.call('registry', 'DELETE', `/v1/api-keys/${id}`);
      line(`revoked ${id}`);
    },
  },
  {
    name: 'settings get',
    usage: 'settings get',
    summary: 'the tenant’s settings',
    run: async ({ client, print }) =>
      print((await client.call('registry', 'GET', '/v1/settings')).body),
  },
  {
    name: 'settings set',
    usage: `settings set ${SETTINGS_USAGE}`,
    summary: 'change the tenant’s settings',
    run: async ({ client, args, print }) =>
      print(
        (await client.call('registry', 'PATCH', '/v1/settings', { body: settingsFlags(args) }))
          .body,
      ),
  },
];
