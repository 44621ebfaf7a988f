import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { escapeUnsafeText, type AttemptOutcome, type DeliveryTask } from '@herald/contracts';
import type { DeadLetterReason } from './dead-letter-reason.js';

/** What the delivery engine hands over when a chain gives up. */
export interface DeadLetterEntry {
  task: DeliveryTask;
  reason: DeadLetterReason;
  /** The chain's last attempt, or null when it gave up before attempting (hold expired). */
  lastOutcome: AttemptOutcome | null;
  /** Why, when no attempt says it (a task the dispatcher could not process). */
  error?: string;
}

/**
 * Writes dead letters. Invariants: one row per chain (message, endpoint,
 * replay id or ''); recording a chain again (a redelivered task, a chain that
 * was replayed and died again under the same id) refreshes the row — attempts,
 * reason, last outcome, `dead_at` — and clears `replayed_at`, so it shows as
 * replayable again. `attempts` counts attempts actually made.
 */
@Injectable()
export class DeadLetterStore {
  constructor(private readonly db: DataSource) {}

  async record(entry: DeadLetterEntry): Promise<void> {
    const { task, reason, lastOutcome } = entry;
    const attempts = lastOutcome?.attempt ?? task.attempt - 1;
    await this.db.query(
      `INSERT INTO dead_letters (tenant_id, endpoint_id, message_id, chain, event_type, channel,
         payload, message_created_at, attempts, reason, last_status_code, last_reason, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (message_id, endpoint_id, chain) DO UPDATE SET
         attempts = EXCLUDED.attempts,
         reason = EXCLUDED.reason,
         last_status_code = EXCLUDED.last_status_code,
         last_reason = EXCLUDED.last_reason,
         last_error = EXCLUDED.last_error,
         dead_at = now(),
         replayed_at = NULL`,
      [
        task.tenantId,
        task.endpointId,
        task.messageId,
        task.replayId ?? '',
        task.eventType,
        task.channel,
        task.payload,
        task.createdAt,
        attempts,
        reason,
        lastOutcome?.statusCode ?? null,
        lastOutcome?.reason ?? null,
        lastOutcome?.error ?? (entry.error === undefined ? null : escapeUnsafeText(entry.error)),
      ],
    );
  }
}
