import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  apiSchema,
  ApiErrors,
  decodeCursor,
  pageQueryFields,
  pageSchema,
  invalidInput,
  toPage,
  ValidQuery,
  type Page,
} from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { DataSource } from 'typeorm';

const example = {
  id: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b',
  source: 'nats' as const,
  eventType: 'AgentLog',
  code: 'schema_validation_failed',
  reason:
    'payload does not match the schema of "AgentLog" version 1: payload must have required property \'isLogin\'',
  excerpt: '{"agent":"agentTest"}',
  createdAt: '2026-11-30T12:00:00.000Z',
};

/** A refused event as its tenant sees it. */
const rejectionViewSchema = z.object({
  id: z.uuid(),
  source: z.enum(['nats', 'http']),
  eventType: z.string().nullable(),
  code: z.string(),
  reason: z.string(),
  excerpt: z.string().nullable().meta({ description: 'First bytes of the refused payload.' }),
  createdAt: z.iso.datetime(),
});
export type RejectionView = z.infer<typeof rejectionViewSchema>;

const rejectionPageSchema = apiSchema(pageSchema(rejectionViewSchema), {
  description: 'Newest first.',
  example: { data: [example], nextCursor: null },
});

const listQuerySchema = z.strictObject({
  ...pageQueryFields(),
  code: z.string().min(1).max(64).optional().meta({ description: 'e.g. `unknown_event_type`.' }),
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
@ApiTags('events')
export class RejectionsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOperation({
    operationId: 'listRejections',
    summary: "The tenant's refused events, newest first, with the reasons",
    description: 'Over HTTP and NATS alike: schema errors, unknown types, malformed JSON, …',
  })
  @RequirePermission('read')
  @ApiResponse({ status: 200, standardSchema: rejectionPageSchema, description: 'one page' })
  @ApiErrors(invalidInput(listQuerySchema, { limit: '0' }))
  async list(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(listQuerySchema) query: z.infer<typeof listQuerySchema>,
  ): Promise<Page<RejectionView>> {
    const { limit, cursor, code } = query;
    const params: unknown[] = [principal.tenantId];
    const where = ['tenant_id = $1'];
    if (code !== undefined) {
      params.push(code);
      where.push(`code = $${params.length}`);
    }
    if (cursor !== undefined) {
      const [createdAt, id] = decodeCursor(cursor, ['instant', 'uuid']) as [string, string];
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
