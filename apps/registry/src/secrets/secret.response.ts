import { z } from 'zod';
import { apiSchema } from '@herald/http-api';

const secret = z
  .string()
  .meta({ description: 'Standard Webhooks signing secret, `whsec_<base64>`.' });

/** `GET /v1/endpoints/:id/secret`. */
export const endpointSecretsSchema = apiSchema(
  z.object({
    secret,
    previousSecret: z
      .object({
        secret,
        expiresAt: z.iso.datetime().meta({ description: 'It signs nothing from this instant on.' }),
      })
      .nullable()
      .meta({
        description:
          'The rotated-out secret while its grace period lasts (every request carries both ' +
          'signatures until then), else null.',
      }),
  }),
  {
    id: 'EndpointSecrets',
    example: {
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      previousSecret: {
        secret: 'whsec_Zm9vYmFyYmF6cXV4cXV1eHh5enp5MTIzNDU2',
        expiresAt: '2026-12-01T12:00:00.000Z',
      },
    },
  },
);
export type EndpointSecrets = z.infer<typeof endpointSecretsSchema>;

/** `POST /v1/endpoints/:id/secret/rotate`. */
export const rotatedSecretSchema = apiSchema(
  z.object({
    secret,
    previousSecretExpiresAt: z.iso.datetime().meta({
      description:
        'Until then the old secret keeps signing too (`HERALD_SECRET_ROTATION_GRACE`, default 24 h).',
    }),
  }),
  {
    id: 'RotatedSecret',
    example: {
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      previousSecretExpiresAt: '2026-12-01T12:00:00.000Z',
    },
  },
);
export type RotatedSecret = z.infer<typeof rotatedSecretSchema>;
