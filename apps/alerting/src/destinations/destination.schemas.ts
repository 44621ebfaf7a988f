import { z } from 'zod';
import { ALERT_KINDS } from '@herald/contracts';
import { apiListSchema, apiSchema, apiSchemaShowingSecret } from '@herald/http-api';

const fields = {
  id: z.uuid(),
  scope: z.enum(['tenant', 'operator']),
  tenantId: z.string().nullable().meta({ description: "Null for the operators' destination." }),
  url: z.string(),
  enabled: z.boolean(),
  kinds: z.array(z.enum(ALERT_KINDS)).nullable(),
  description: z.string().nullable(),
  managedBy: z.enum(['api', 'environment']).meta({
    description: '`environment`: URL and token come from HERALD_ALERT_WEBHOOK_URL / _TOKEN.',
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  tokenRotatedAt: z.iso.datetime(),
};

const example = {
  id: '0b8e8f3c-7d4a-4b8e-9c3f-2a1d5e6f7a80',
  scope: 'tenant' as const,
  tenantId: '9a3e1c52-6f0d-4d8b-b2a7-1e4c5d6f7a8b',
  url: 'https://ops.example.com/hooks/herald-alerts',
  enabled: true,
  kinds: null,
  description: 'on-call channel',
  managedBy: 'api' as const,
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  tokenRotatedAt: '2026-11-30T12:00:00.000Z',
};
const token = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

/** A destination as the API shows it: never with its token. */
export const destinationSchema = apiSchema(z.object(fields), {
  id: 'AlertDestination',
  example,
});

/** Creation and token rotation: the destination and, this once, its token. */
export const destinationWithTokenSchema = apiSchemaShowingSecret(
  'AlertDestinationWithToken',
  fields,
  example,
  {
    name: 'token',
    description:
      'Shown only now. Sent as `Authorization: Bearer <token>`; it is also the Standard ' +
      'Webhooks secret that signs every alert (verify with any Standard Webhooks library).',
    example: token,
  },
);

export const destinationListSchema = apiListSchema(
  destinationSchema,
  "The caller's destinations, oldest first.",
  example,
);

export const testResultSchema = apiSchema(
  z.object({
    alertId: z.string(),
    status: z.enum(['sent', 'failed', 'pending']).meta({
      description: '`pending`: no answer within the alert timeout (HERALD_ALERT_TIMEOUT).',
    }),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
  }),
  {
    id: 'AlertTestResult',
    example: {
      alertId: 'alr_3f1d2c4b5a6e7f8091a2b3c4d5e6f708',
      status: 'sent',
      statusCode: 204,
      error: null,
    },
  },
);

export const alertListSchema = apiSchema(
  z.object({
    data: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(ALERT_KINDS),
        status: z.enum(['pending', 'sent', 'skipped', 'suppressed', 'failed']),
        createdAt: z.iso.datetime(),
        signal: z.record(z.string(), z.unknown()).meta({ description: 'The alert as raised.' }),
        deliveries: z.array(
          z.object({
            destinationId: z.string(),
            status: z.enum(['pending', 'sent', 'failed', 'skipped']),
            attempts: z.number().int(),
            lastError: z.string().nullable(),
            sentAt: z.string().nullable(),
          }),
        ),
      }),
    ),
  }),
  {
    description: 'Newest first.',
    example: {
      data: [
        {
          id: 'alr_0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7',
          kind: 'endpoint.paused',
          status: 'sent',
          createdAt: '2026-11-30T12:05:00.000Z',
          signal: { kind: 'endpoint.paused', endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10' },
          deliveries: [
            {
              destinationId: '0b8e8f3c-7d4a-4b8e-9c3f-2a1d5e6f7a80',
              status: 'sent',
              attempts: 1,
              lastError: null,
              sentAt: '2026-11-30T12:05:00.214Z',
            },
          ],
        },
      ],
    },
  },
);
