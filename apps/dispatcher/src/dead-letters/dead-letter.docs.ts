import { z } from 'zod';
import { apiSchema, pageSchema } from '@herald/http-api';
import { deadLetterReasons } from './dead-letter-reason.js';

/** Response schemas of the dead-letter and replay routes; the views are typed by them. */
const deadLetterFields = {
  id: z.uuid(),
  endpointId: z.string(),
  messageId: z.string(),
  eventType: z.string(),
  channel: z.string().nullable(),
  replayId: z.string().nullable().meta({
    description: 'The replay whose delivery chain died here; null for the original delivery.',
  }),
  messageCreatedAt: z.iso.datetime(),
  attempts: z.number().int(),
  reason: z.string().meta({ description: `Why it died: ${deadLetterReasons.join(', ')}.` }),
  lastStatusCode: z.number().int().nullable(),
  lastReason: z.string().nullable().meta({ description: "The last attempt's reason." }),
  lastError: z.string().nullable(),
  deadAt: z.iso.datetime(),
  replayedAt: z.iso.datetime().nullable().meta({
    description: 'When a replay last took it; null while it is fresh.',
  }),
  replayCount: z.number().int(),
  lastReplayId: z.string().nullable(),
};

const example = {
  id: '2d8f4b6a-1c3e-4a5b-9d7f-0e1a2b3c4d5e',
  endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
  messageId: 'msg_5d41402abc4b2a76b9719d911017c592',
  eventType: 'message_created',
  channel: null,
  replayId: null,
  messageCreatedAt: '2026-11-29T09:00:00.000Z',
  attempts: 8,
  reason: 'exhausted',
  lastStatusCode: 503,
  lastReason: 'http_status',
  lastError: 'HTTP 503',
  deadAt: '2026-11-30T12:00:00.000Z',
  replayedAt: null,
  replayCount: 0,
  lastReplayId: null,
};

export const deadLetterSchema = apiSchema(z.object(deadLetterFields), {
  id: 'DeadLetter',
  description: 'A delivery that gave up, kept until replayed. Lists leave the payload out.',
  example,
});
export type DeadLetterView = z.infer<typeof deadLetterSchema>;

export const deadLetterDetailSchema = apiSchema(
  z.object({
    ...deadLetterFields,
    payload: z.string().meta({ description: 'The payload as received, byte for byte.' }),
  }),
  {
    id: 'DeadLetterDetail',
    example: { ...example, payload: '{"event":"message_created","content":"hi"}' },
  },
);
export type DeadLetterDetail = z.infer<typeof deadLetterDetailSchema>;

export const deadLetterPageSchema = apiSchema(pageSchema(deadLetterSchema), {
  description: 'Newest first.',
  example: { data: [example], nextCursor: 'WyIyMDI2LTExLTMwVDEyOjAw' },
});

export const replayStartedSchema = apiSchema(
  z.object({
    replayId: z.string().meta({ description: 'Follow it at `GET /v1/replays/{id}`.' }),
    matched: z.number().int().meta({ description: 'Dead letters the job will replay.' }),
  }),
  {
    id: 'ReplayStarted',
    example: { replayId: 'rpl_9b2f7c1e-0d4a-4e6b-8f3c-5a1d2e7b9c40', matched: 120 },
  },
);

export const replayCountedSchema = apiSchema(
  z.object({
    replayId: z.string().meta({ description: 'The audit record of the dry run.' }),
    matched: z.number().int().meta({ description: 'Dead letters a real run would replay now.' }),
    dryRun: z.literal(true),
  }),
  {
    id: 'ReplayCounted',
    example: { replayId: 'rpl_0c4e8a2f-6b1d-4f3a-9e7c-2d5b8a1f4c60', matched: 120, dryRun: true },
  },
);

export const replaySchema = apiSchema(
  z.object({
    id: z.string(),
    kind: z
      .string()
      .meta({ description: '`dead_letters` (bulk replay) or `recover` (one endpoint).' }),
    keyId: z.string().meta({ description: 'The API key that asked for it.' }),
    filters: z.record(z.string(), z.unknown()).meta({ description: 'The selection, as given.' }),
    dryRun: z.boolean(),
    matched: z.number().int(),
    published: z.number().int().meta({ description: 'Replayed so far.' }),
    status: z.string().meta({ description: '`running`, `done` or `failed` (see `error`).' }),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  }),
  {
    id: 'Replay',
    description: 'The audit record and progress of one replay.',
    example: {
      id: 'rpl_9b2f7c1e-0d4a-4e6b-8f3c-5a1d2e7b9c40',
      kind: 'dead_letters',
      keyId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      filters: { endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10', includeReplayed: false },
      dryRun: false,
      matched: 120,
      published: 45,
      status: 'running',
      error: null,
      createdAt: '2026-11-30T12:10:00.000Z',
      finishedAt: null,
    },
  },
);
export type ReplayView = z.infer<typeof replaySchema>;
