import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttemptOutcome } from '@herald/contracts';
import { AttemptEntity } from './attempt.entity.js';

/**
 * The attempt log in Postgres (table `attempts`). `record` is idempotent: an
 * outcome delivered twice is stored once, and only the first call reports
 * `true`. `latest` never returns another tenant's rows.
 */
@Injectable()
export class AttemptLog {
  constructor(private readonly db: DataSource) {}

  /** Stores an outcome; true when this call inserted it, false when it was already there. */
  async record(outcome: AttemptOutcome): Promise<boolean> {
    const inserted = await this.db.query<unknown[]>(
      `INSERT INTO attempts (attempt_id, tenant_id, endpoint_id, message_id, event_type, attempt,
         outcome, reason, status_code, error, latency_ms, response_body, url, final,
         next_attempt_at, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (attempt_id) DO NOTHING
       RETURNING attempt_id`,
      [
        outcome.attemptId,
        outcome.tenantId,
        outcome.endpointId,
        outcome.messageId,
        outcome.eventType,
        outcome.attempt,
        outcome.outcome,
        outcome.reason,
        outcome.statusCode,
        outcome.error,
        outcome.latencyMs,
        outcome.responseBody,
        outcome.url,
        outcome.final,
        outcome.nextAttemptAt,
        outcome.at,
      ],
    );
    return inserted.length > 0;
  }

  /** The tenant's latest attempts for one endpoint, newest first. */
  latest(tenantId: string, endpointId: string, limit: number): Promise<AttemptEntity[]> {
    return this.db.getRepository(AttemptEntity).find({
      where: { tenantId, endpointId },
      order: { at: 'DESC', attempt: 'DESC', attemptId: 'DESC' },
      take: limit,
    });
  }
}
