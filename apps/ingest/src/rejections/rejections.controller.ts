import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { decodeCursor, parseInput, toPage, type Page } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { DataSource } from 'typeorm';

/** A refused event as its tenant sees it. */
export interface RejectionView {
  id: string;
  source: 'nats' | 'http';
  eventType: string | null;
  code: string;
  reason: string;
  /** First bytes of the refused payload. */
  excerpt: string | null;
  createdAt: string;
}

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  code: z.string().min(1).max(64).optional(),
});

interface Row {
  id: string;
  source: 'nats' | 'http';
  event_type: string | null;
  code: string;
  reason: string;
  excerpt: string | null;
  created_at: Date;
  created_text: string;
}

/**
 * `GET /v1/rejections?code=&limit=&cursor=` (any reading role): the caller's
 * refused events, newest first — invalid payloads with their schema errors,
 * unknown event types, … — so a producer sees what it got wrong, also for
 * events it published over NATS, where no one answers.
 */
@Controller('v1/rejections')
@UseGuards(ApiKeyGuard)
export class RejectionsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @RequirePermission('read')
  async list(
    @Principal() principal: TenantPrincipal,
    @Query() query: unknown,
  ): Promise<Page<RejectionView>> {
    const { limit, cursor, code } = parseInput(listQuerySchema, query);
    const params: unknown[] = [principal.tenantId];
    const where = ['tenant_id = $1'];
    if (code !== undefined) {
      params.push(code);
      where.push(`code = $${params.length}`);
    }
    if (cursor !== undefined) {
      const [createdAt, id] = decodeCursor(cursor, 2) as [string, string];
      params.push(createdAt, id);
      where.push(
        `(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit + 1);
    const rows = await this.db.query<Row[]>(
      `SELECT id, source, event_type, code, reason, excerpt, created_at,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_text
       FROM rejections WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (r) => [r.created_text, r.id],
      (r) => ({
        id: r.id,
        source: r.source,
        eventType: r.event_type,
        code: r.code,
        reason: r.reason,
        excerpt: r.excerpt,
        createdAt: r.created_at.toISOString(),
      }),
    );
  }
}
