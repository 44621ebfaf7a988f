import { sqlMigration } from '@herald/database';
import { FanOutEntity, MessageEntity } from './messages/message.entity.js';
import { IngestCatalog1796601600100 } from './migrations/catalog.migration.js';
import { IngestFanOuts1796601600300 } from './migrations/fan-outs.migration.js';
import { IngestLz4Payloads1797200000000 } from './migrations/lz4-payloads.migration.js';
import { IngestResends1795316827396 } from './migrations/resends.migration.js';
import { RejectionEntity } from './rejections/rejection.entity.js';
import { ResendEntity } from './resends/resend.entity.js';

/** Ingest's tables, in its own `ingest` schema. */
export const IngestInitial1763769600000 = sqlMigration('IngestInitial1763769600000', {
  up: [
    `
      CREATE TABLE messages (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        idempotency_key text NOT NULL,
        event_type text NOT NULL,
        channel text,
        payload text NOT NULL,
        endpoint_ids text[],
        created_at timestamptz NOT NULL DEFAULT now(),
        fanned_out_at timestamptz
      )`,
    'CREATE INDEX messages_tenant_created_idx ON messages (tenant_id, created_at DESC)',
    `
      CREATE TABLE rejections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL,
        tenant_id text,
        event_type text,
        code text NOT NULL,
        reason text NOT NULL,
        excerpt text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX rejections_created_idx ON rejections (created_at DESC)',
  ],
  down: ['DROP TABLE rejections', 'DROP TABLE messages'],
});

export const INGEST_ENTITIES = [MessageEntity, FanOutEntity, RejectionEntity, ResendEntity];
export const INGEST_MIGRATIONS = [
  IngestInitial1763769600000,
  IngestResends1795316827396,
  IngestCatalog1796601600100,
  IngestFanOuts1796601600300,
  IngestLz4Payloads1797200000000,
];
