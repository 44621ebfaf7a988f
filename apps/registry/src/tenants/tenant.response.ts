import { z } from 'zod';
import { apiSchema } from '@herald/http-api';

const tenantFields = {
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
};

const example = {
  id: '0b7e4c52-6a4f-4d8e-b1f3-2c9a5e7d1f60',
  name: 'acme',
  createdAt: '2026-11-30T12:00:00.000Z',
};

/** A tenant as the operator API shows it. */
export const tenantResponseSchema = apiSchema(z.object(tenantFields), { id: 'Tenant', example });
export type TenantResponse = z.infer<typeof tenantResponseSchema>;

/** `POST /v1/tenants`: the tenant and its first API key (role `admin`), shown this once. */
export const createdTenantSchema = apiSchema(
  z.object({
    ...tenantFields,
    apiKey: z.string().meta({
      description: 'The first API key, role `admin`. Only its hash is stored: keep it now.',
    }),
  }),
  {
    id: 'CreatedTenant',
    example: { ...example, apiKey: 'hrld_3q2Yw0cXh1m9dJ4tVbN7uKe5sRzA8pLgF6oWiT0yQxM' },
  },
);
export type CreatedTenant = z.infer<typeof createdTenantSchema>;

export const tenantListSchema = apiSchema(z.object({ data: z.array(tenantResponseSchema) }), {
  description: 'Every tenant, oldest first.',
  example: { data: [example] },
});

export const createTenantSchema = apiSchema(
  z.strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
  }),
  { id: 'TenantInput', example: { name: 'acme' } },
);
export type CreateTenantInput = z.infer<typeof createTenantSchema>;
