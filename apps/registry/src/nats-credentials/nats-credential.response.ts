import { z } from 'zod';
import { apiListSchema, apiSchema, apiSchemaShowingSecret } from '@herald/http-api';

const fields = {
  id: z.uuid(),
  name: z.string().nullable(),
  publicKey: z.string().meta({ description: 'The NATS user’s public nkey (U…): its identity.' }),
  subject: z
    .string()
    .meta({ description: 'What it may publish to: `<namespace>.ingest.<tenantId>.>`.' }),
  inboxPrefix: z.string().meta({
    description: 'The `inboxPrefix` the producer must connect with, so PubAcks reach it.',
  }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
};

const example = {
  id: '3f9a1c2e-7b4d-4e8f-a1b2-c3d4e5f60718',
  name: 'billing-service',
  publicKey: 'UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4',
  subject: 'herald.ingest.0b7e4c52-6a4f-4d8e-b1f3-2c9a5e7d1f60.>',
  inboxPrefix: '_INBOX_UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4',
  createdAt: '2026-12-02T12:00:00.000Z',
  expiresAt: '2027-03-02T12:00:00.000Z',
  revokedAt: null,
};

/** Producer NATS credentials as listed: never the seed or the `.creds` file. */
export const natsCredentialSchema = apiSchema(z.object(fields), {
  id: 'NatsCredential',
  example,
});
export type NatsCredentialResponse = z.infer<typeof natsCredentialSchema>;

export const natsCredentialListSchema = apiListSchema(
  natsCredentialSchema,
  'Oldest first; revoked ones too.',
  example,
);

export const createdNatsCredentialSchema = apiSchemaShowingSecret(
  'CreatedNatsCredential',
  fields,
  example,
  {
    name: 'creds',
    description:
      'The `.creds` file (user JWT and seed), shown this once; Herald keeps only the public key.',
    example: '-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1Qi…\n------END NATS USER JWT------\n…',
  },
);

export const createNatsCredentialSchema = apiSchema(
  z.strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    expiresIn: z
      .string()
      .optional()
      .meta({ description: 'Lifetime, e.g. `90d` or `12h` (1m to 3650d); unset: no expiry.' }),
  }),
  { id: 'NatsCredentialInput', example: { name: 'billing-service', expiresIn: '90d' } },
);
