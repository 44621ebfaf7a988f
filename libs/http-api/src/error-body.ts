import { z } from 'zod';

/**
 * The one error shape of every REST route, as a schema: the exception filter
 * types its responses with it and the OpenAPI documents describe it with it.
 */
export const errorDetailSchema = z
  .object({
    field: z.string().meta({
      description:
        'Dotted path of the offending field, e.g. `eventTypes.0`; empty for the whole body.',
    }),
    reason: z.string(),
  })
  .meta({ id: 'ErrorDetail' });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          'Stable, machine-readable: `validation_failed`, `malformed_json`, `unauthorized`, ' +
          '`forbidden`, `not_found`, `conflict`, `payload_too_large`, `rate_limited`, `internal`, …',
      }),
      message: z.string().meta({ description: 'For people; never contains a secret.' }),
      details: z.array(errorDetailSchema).meta({
        description: 'One entry per invalid field; empty when the error is not about fields.',
      }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error response of every Herald service.' });

export type ErrorBody = z.infer<typeof errorBodySchema>;
export type ErrorDetail = z.infer<typeof errorDetailSchema>;
