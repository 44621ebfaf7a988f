import { z } from 'zod';
import { apiKeyRoles } from '@herald/contracts';
import { apiListSchema, apiSchema, apiSchemaShowingSecret } from '@herald/http-api';

const keyFields = {
  id: z.uuid(),
  name: z.string().nullable(),
  role: z.enum(apiKeyRoles),
  prefix: z.string().meta({ description: 'The first characters of the key, for recognising it.' }),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
};

const example = {
  id: '8d2f6a1c-5b3e-4f7a-9c0d-1e2f3a4b5c6d',
  name: 'billing-service',
  role: 'publisher' as const,
  prefix: 'hrld_3q2Yw0c',
  createdAt: '2026-11-30T12:00:00.000Z',
  revokedAt: null,
};

/** An API key as listed: never the key, only its display prefix. */
export const apiKeyResponseSchema = apiSchema(z.object(keyFields), { id: 'ApiKey', example });
export type ApiKeyResponse = z.infer<typeof apiKeyResponseSchema>;

export const apiKeyListSchema = apiListSchema(apiKeyResponseSchema, 'Oldest first.', example);

export const createdApiKeySchema = apiSchemaShowingSecret('CreatedApiKey', keyFields, example, {
  name: 'key',
  description: 'The key itself, shown this once; only its hash is stored.',
  example: 'hrld_3q2Yw0cXh1m9dJ4tVbN7uKe5sRzA8pLgF6oWiT0yQxM',
});

export const createApiKeySchema = apiSchema(
  z.strictObject({
    role: z.enum(apiKeyRoles).meta({
      description:
        '`admin` everything; `configurator` endpoints, tests, replays; `viewer` read only; ' +
        '`publisher` publish events only.',
    }),
    name: z.string().trim().min(1).max(200).nullable().optional(),
  }),
  { id: 'ApiKeyInput', example: { role: 'publisher', name: 'billing-service' } },
);

export const listKeysQuerySchema = z.strictObject({
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'Also list revoked keys.' }),
});

export const whoAmISchema = apiSchema(
  z.object({
    tenantId: z.uuid(),
    tenantName: z.string(),
    keyId: z.uuid(),
    role: z.enum(apiKeyRoles),
  }),
  {
    id: 'WhoAmI',
    example: {
      tenantId: '0b7e4c52-6a4f-4d8e-b1f3-2c9a5e7d1f60',
      tenantName: 'acme',
      keyId: '8d2f6a1c-5b3e-4f7a-9c0d-1e2f3a4b5c6d',
      role: 'admin',
    },
  },
);
