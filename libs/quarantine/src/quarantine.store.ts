import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Counter, type Registry } from 'prom-client';
import type { JsMsg } from '@nats-io/jetstream';
import { decodeUtf8Escaped, escapeUnsafeText, type TopicName } from '@herald/contracts';
import type { PoisonSink, PoisonVerdict } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';

/** Longest message data kept, in bytes; the rest is cut (the reason says so). */
const DATA_BYTES = 65_536;

export interface QuarantinedMessage {
  id: string;
  topic: string;
  subject: string;
  streamSequence: number;
  deliveries: number;
  code: string;
  reason: string;
  data: string;
  quarantinedAt: string;
}

/**
 * The quarantine: internal messages a consumer gave up, in Postgres, counted
 * by `herald_quarantined_total{topic}`. Invariants: `record` resolves only
 * once the row is committed (the transport terminates the message after);
 * recording the same stream message twice keeps one row; every text is
 * escaped, so a message that failed because of its bytes can still be kept.
 */
@Injectable()
export class QuarantineStore {
  private readonly quarantined: Counter<'topic'>;

  constructor(
    private readonly db: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.quarantined = new Counter({
      name: 'herald_quarantined_total',
      help: 'Internal messages given up by a consumer and kept in the quarantine, by topic',
      labelNames: ['topic'],
      registers: [registry],
    });
  }

  /** The transport's poison sink: every message given up lands here. */
  readonly sink: PoisonSink = (topic, msg, verdict) => this.record(topic, msg, verdict);

  async record(topic: TopicName, msg: JsMsg, verdict: PoisonVerdict): Promise<void> {
    const cut = msg.data.length > DATA_BYTES;
    await this.db.query(
      `INSERT INTO quarantined_messages
         (topic, subject, stream_sequence, deliveries, code, reason, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (topic, stream_sequence) DO NOTHING`,
      [
        topic,
        escapeUnsafeText(msg.subject),
        msg.info.streamSequence,
        msg.info.deliveryCount,
        escapeUnsafeText(verdict.code).slice(0, 64),
        escapeUnsafeText(verdict.reason).slice(0, 2_048) + (cut ? ' (data cut at 64 KiB)' : ''),
        decodeUtf8Escaped(msg.data.subarray(0, DATA_BYTES)),
      ],
    );
    this.quarantined.inc({ topic });
  }

  /** Newest first; `before` is the id of the last row of the previous page. */
  async list(limit: number, before: number | null): Promise<QuarantinedMessage[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT id, topic, subject, stream_sequence, deliveries, code, reason, data, quarantined_at
       FROM quarantined_messages WHERE ($1::bigint IS NULL OR id < $1)
       ORDER BY id DESC LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      topic: row.topic,
      subject: row.subject,
      streamSequence: Number(row.stream_sequence),
      deliveries: row.deliveries,
      code: row.code,
      reason: row.reason,
      data: row.data,
      quarantinedAt: row.quarantined_at.toISOString(),
    }));
  }
}

interface Row {
  id: string;
  topic: string;
  subject: string;
  stream_sequence: string;
  deliveries: number;
  code: string;
  reason: string;
  data: string;
  quarantined_at: Date;
}
