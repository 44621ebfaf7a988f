import { z } from 'zod';
import { apiSchema } from '@herald/http-api';
import type { TenantMessage } from './message-store.js';

/** What `GET /v1/messages/:id` answers; `payload` is the stored text, byte for byte. */
export const messageViewSchema = apiSchema(
  z.object({
    id: z.string().meta({ description: 'Message id (`msg_…`), the `webhook-id` receivers see.' }),
    eventType: z.string(),
    channel: z.string().nullable(),
    createdAt: z.iso.datetime(),
    endpointIds: z.array(z.string()).nullable().meta({
      description: 'Endpoints it was fanned out to; null until the fan-out is stored.',
    }),
    payload: z.string().meta({
      description:
        'The payload exactly as received, as a string (re-serialising it could reorder keys).',
    }),
  }),
  {
    id: 'Message',
    example: {
      id: 'msg_5d41402abc4b2a76b9719d911017c592',
      eventType: 'message_created',
      channel: 'whatsapp',
      createdAt: '2026-11-30T12:00:00.000Z',
      endpointIds: ['5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10'],
      payload: '{"event":"message_created","content":"hi","conversation":{"id":42}}',
    },
  },
);
export type MessageView = z.infer<typeof messageViewSchema>;

export function toMessageView(message: TenantMessage): MessageView {
  return {
    id: message.id,
    eventType: message.eventType,
    channel: message.channel,
    createdAt: message.createdAt.toISOString(),
    endpointIds: message.endpointIds,
    payload: message.payload,
  };
}
