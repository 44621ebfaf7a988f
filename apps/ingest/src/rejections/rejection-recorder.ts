import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Counter, type Registry } from 'prom-client';
import { describeBytes, escapeForStorage } from '@herald/http-api';
import { METRICS_REGISTRY } from '@herald/observability';

export interface Rejection {
  source: 'nats' | 'http';
  tenantId: string | null;
  eventType: string | null;
  code: string;
  reason: string;
  payload: Uint8Array | string | null;
}

const EXCERPT_BYTES = 512;

/**
 * Records refused events (table `rejections`, metric, log) so producers and
 * operators can see what was refused and why. Recording never throws: a
 * failure to record must not turn a clear 4xx into a 500.
 */
@Injectable()
export class RejectionRecorder {
  private readonly logger = new Logger(RejectionRecorder.name);
  private readonly rejected: Counter<'source' | 'code'>;

  constructor(
    private readonly db: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.rejected = new Counter({
      name: 'herald_ingest_rejected_total',
      help: 'Events refused by ingest, by source and reason code',
      labelNames: ['source', 'code'],
      registers: [registry],
    });
  }

  async record(rejection: Rejection): Promise<void> {
    try {
      await this.recordDurably(rejection);
    } catch (error) {
      this.logger.error(`could not record rejection: ${(error as Error).message}`);
    }
  }

  /**
   * Records like `record`, but throws when the row could not be stored: for
   * a message given up, which may leave the stream only once it is recorded.
   * Every text is escaped (NUL, lone surrogates), so the row can be stored
   * whatever the refused event carried.
   */
  async recordDurably(rejection: Rejection): Promise<void> {
    this.rejected.inc({ source: rejection.source, code: rejection.code });
    this.logger.warn(
      `rejected ${rejection.source} event (tenant ${rejection.tenantId ?? '?'}, type ${
        rejection.eventType ?? '?'
      }): ${rejection.code}: ${escapeForStorage(rejection.reason)}`,
    );
    await this.db.query(
      `INSERT INTO rejections (source, tenant_id, event_type, code, reason, excerpt)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        rejection.source,
        storable(rejection.tenantId, 256),
        storable(rejection.eventType, 256),
        storable(rejection.code, 64),
        storable(rejection.reason, 1024),
        excerpt(rejection.payload),
      ],
    );
  }
}

/** Refused input's own text (ids, reasons quoting it): NUL and lone surrogates escaped. */
function storable(text: string | null, maxLength: number): string | null {
  return text === null ? null : escapeForStorage(text.slice(0, maxLength));
}

/** The first bytes of the refused payload; invalid UTF-8 and NUL escaped (`\xNN`, `\u0000`). */
function excerpt(payload: Uint8Array | string | null): string | null {
  if (payload === null) return null;
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return describeBytes(bytes.subarray(0, EXCERPT_BYTES));
}
