import { z } from 'zod';
import { apiSchema } from '@herald/http-api';

/** `POST /v1/messages/:id/resend` body. */
export const resendBodySchema = apiSchema(
  z.strictObject({
    endpointId: z.string().min(1).max(128).meta({
      description: "One of the tenant's endpoints; it need not subscribe to the event type.",
    }),
  }),
  { id: 'ResendInput', example: { endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10' } },
);

/** The resend is stored in JetStream: a fresh delivery chain (attempt 1, due now). */
export const resendAcceptedSchema = apiSchema(
  z.object({
    replayId: z
      .string()
      .meta({ description: 'Identifies this resend in the attempt log and audit.' }),
    messageId: z.string(),
    endpointId: z.string(),
  }),
  {
    id: 'ResendAccepted',
    example: {
      replayId: 'rpl_9b2f7c1e-0d4a-4e6b-8f3c-5a1d2e7b9c40',
      messageId: 'msg_5d41402abc4b2a76b9719d911017c592',
      endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
    },
  },
);
export type ResendAccepted = z.infer<typeof resendAcceptedSchema>;
