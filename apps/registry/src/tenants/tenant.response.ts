import { z } from 'zod';
import { apiListSchema, apiSchema, apiSchemaShowingSecret } from '@herald/http-api';
import { DEFAULT_MAX_URL_LENGTH, settingsInputSchema } from './tenant-settings.js';

export const tenantSettingsSchema = apiSchema(
  z.object({
    httpsOnly: z.boolean().meta({ description: 'Refuse `http://` endpoint URLs.' }),
    maxUrlLength: z.number().int().meta({ description: 'Longest endpoint URL, in characters.' }),
    uniqueChannelEndpoint: z
      .boolean()
      .meta({ description: 'At most one endpoint per channel; endpoints must name channels.' }),
    retrySchedule: z.array(z.string()).nullable().meta({
      description: "Retry schedule of endpoints without their own; null = the platform's default.",
    }),
  }),
  {
    id: 'TenantSettings',
    example: {
      httpsOnly: true,
      maxUrlLength: 256,
      uniqueChannelEndpoint: false,
      retrySchedule: ['5s', '5m', '30m', '2h'],
    },
  },
);

const tenantFields = {
  id: z.uuid(),
  name: z.string(),
  settings: tenantSettingsSchema,
  createdAt: z.iso.datetime(),
};

const example = {
  id: '0b7e4c52-6a4f-4d8e-b1f3-2c9a5e7d1f60',
  name: 'acme',
  settings: {
    httpsOnly: false,
    maxUrlLength: 2048,
    uniqueChannelEndpoint: false,
    retrySchedule: null,
  },
  createdAt: '2026-11-30T12:00:00.000Z',
};

/** A tenant as the operator API shows it. */
export const tenantResponseSchema = apiSchema(z.object(tenantFields), { id: 'Tenant', example });
export type TenantResponse = z.infer<typeof tenantResponseSchema>;

/** `POST /v1/tenants`: the tenant and its first API key (role `admin`), shown this once. */
export const createdTenantSchema = apiSchemaShowingSecret('CreatedTenant', tenantFields, example, {
  name: 'apiKey',
  description: 'The first API key, role `admin`. Only its hash is stored: keep it now.',
  example: 'hrld_3q2Yw0cXh1m9dJ4tVbN7uKe5sRzA8pLgF6oWiT0yQxM',
});
export type CreatedTenant = z.infer<typeof createdTenantSchema>;

export const tenantListSchema = apiListSchema(
  tenantResponseSchema,
  'Every tenant, oldest first.',
  example,
);

const name = z.string().trim().min(1, 'must not be empty').max(200);

/** Tenant bodies; `maxUrlLength` is capped by the platform's HERALD_MAX_URL_LENGTH. */
export function tenantInputSchemas(platformMaxUrlLength: number) {
  const settings = settingsInputSchema(platformMaxUrlLength);
  return {
    settings: apiSchema(settings, {
      id: 'TenantSettingsInput',
      example: { httpsOnly: true, maxUrlLength: 256 },
    }),
    create: apiSchema(z.strictObject({ name, settings: settings.optional() }), {
      id: 'TenantInput',
      example: { name: 'acme', settings: { httpsOnly: true } },
    }),
    patch: apiSchema(z.strictObject({ name: name.optional(), settings: settings.optional() }), {
      id: 'TenantPatch',
      example: { settings: { uniqueChannelEndpoint: true } },
    }),
  };
}

/** The schemas as documented: the configured cap only changes a refinement. */
export const documentedTenantInput = tenantInputSchemas(DEFAULT_MAX_URL_LENGTH);
