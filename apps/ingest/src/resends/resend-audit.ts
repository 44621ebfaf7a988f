import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ResendRecord {
  id: string;
  tenantId: string;
  keyId: string;
  messageId: string;
  endpointId: string;
  replayId: string;
}

/** Writes the resend audit (table `resends`). A failure throws: no record, no resend. */
@Injectable()
export class ResendAudit {
  constructor(private readonly db: DataSource) {}

  async record(entry: ResendRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO resends (id, tenant_id, key_id, message_id, endpoint_id, replay_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.id, entry.tenantId, entry.keyId, entry.messageId, entry.endpointId, entry.replayId],
    );
  }
}
