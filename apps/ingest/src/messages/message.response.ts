import { z } from 'zod';
import { apiSchema, pageSchema } from '@herald/http-api';
import type { TenantMessage } from './message-store.js';

const example = {
  id: 'msg_5d41402abc4b2a76b9719d911017c592',
  eventType: 'AgentLog',
  eventVersion: 1,
  channel: 'telephony',
  createdAt: '2026-11-30T12:00:00.000Z',
  endpointIds: ['5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10'],
  payload: '{"agent":"agentTest","isLogin":true}',
  body: '{"event":"AgentLog","date":"2026-11-30 12:00:00","agent":"agentTest","isLogin":true}',
};

/** A message as the API shows it; `payload` and `body` are the stored text, byte for byte. */
export const messageViewSchema = apiSchema(
  z.object({
    id: z.string().meta({ description: 'Message id (`msg_…`), the `webhook-id` receivers see.' }),
    eventType: z.string(),
    eventVersion: z.number().int().meta({ description: 'Version of the event type.' }),
    channel: z.string().nullable(),
    createdAt: z.iso.datetime(),
    endpointIds: z.array(z.string()).nullable().meta({
      description: 'Endpoints it was fanned out to; null until the fan-out is stored.',
    }),
    payload: z.string().meta({
      description:
        'The payload exactly as received, as a string (re-serialising it could reorder keys).',
    }),
    body: z.string().meta({
      description:
        "What receivers get: the payload with its event type's envelope fields, if any; " +
        'else the payload itself.',
    }),
  }),
  { id: 'Message', example },
);
export type MessageView = z.infer<typeof messageViewSchema>;

export const messagePageSchema = apiSchema(pageSchema(messageViewSchema), {
  description: 'Newest first.',
  example: { data: [example], nextCursor: null },
});

export function toMessageView(message: TenantMessage): MessageView {
  return {
    id: message.id,
    eventType: message.eventType,
    eventVersion: message.eventVersion,
    channel: message.channel,
    createdAt: message.createdAt.toISOString(),
    endpointIds: message.endpointIds,
    payload: message.payload,
    body: message.body,
  };
}
