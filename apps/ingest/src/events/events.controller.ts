import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { INGEST_HEADERS } from '@herald/contracts';
import { ApiError, parseInput } from '@herald/http-api';
import { NatsClient, Publisher } from '@herald/messaging';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { RejectionRecorder } from '../rejections/rejection-recorder.js';
import { EventCatalog } from './event-catalog.js';
import { checkEvent, messageIdFor, RejectedEvent } from './event-rules.js';
import { IngestLimits } from './ingest-limits.js';

const eventBodySchema = z.strictObject({
  type: z.string().min(1),
  /** Version of the event type the payload follows; 1 when absent. */
  version: z.number().int().min(1).max(1000).optional(),
  payload: z.json().refine((value) => value !== undefined, 'payload is required'),
  id: z.string().min(1).max(256).optional(),
  channel: z.string().min(1).max(128).optional(),
});

/**
 * `POST /v1/events` `{ type, payload, version?, id?, channel? }` (admin or
 * publisher keys): the HTTP way in. It is checked here exactly as ingest will
 * (syntax, catalog, schema), so the producer gets every reason in the
 * response (400 with the schema errors as details); then it goes onto the
 * same durable ingest subject NATS producers use, so both paths share one
 * pipeline. The 202 is sent once JetStream has stored it.
 */
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  constructor(
    private readonly nats: NatsClient,
    private readonly publisher: Publisher,
    private readonly rejections: RejectionRecorder,
    private readonly limits: IngestLimits,
    private readonly catalog: EventCatalog,
  ) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('events:publish')
  async publish(
    @Principal() principal: TenantPrincipal,
    @Body() body: unknown,
  ): Promise<{ id: string }> {
    const { tenantId } = principal;
    let input: z.infer<typeof eventBodySchema>;
    try {
      input = parseInput(eventBodySchema, body);
    } catch (error) {
      await this.recordHttp(
        tenantId,
        null,
        'invalid_body',
        (error as Error).message,
        JSON.stringify(body ?? null),
      );
      throw error;
    }
    const idempotencyKey = input.id ?? randomUUID();
    const channel = input.channel ?? null;
    const bytes = new TextEncoder().encode(JSON.stringify(input.payload));
    const version = input.version ?? 1;
    try {
      const { parsed } = checkEvent(
        { eventType: input.type, idempotencyKey, channel, payload: bytes },
        this.limits,
      );
      this.catalog.check({ tenantId, eventType: input.type, version, parsed }, false);
    } catch (error) {
      if (!(error instanceof RejectedEvent)) throw error;
      await this.recordHttp(tenantId, input.type, error.code, error.message, bytes);
      const status = error.code === 'payload_too_large' ? 413 : 400;
      throw new ApiError(status, error.code, error.message, error.details);
    }
    const headers: Record<string, string> = {
      [INGEST_HEADERS.idempotencyKey]: idempotencyKey,
      [INGEST_HEADERS.eventVersion]: String(version),
    };
    if (channel !== null) headers[INGEST_HEADERS.channel] = channel;
    await this.publisher.publishRaw(this.nats.ns.ingestSubject(tenantId, input.type), bytes, {
      // Nats-Msg-Id is stream-wide: scope it to the tenant.
      msgId: `${tenantId}:${idempotencyKey}`,
      headers,
    });
    return { id: messageIdFor(tenantId, idempotencyKey) };
  }

  private recordHttp(
    tenantId: string,
    eventType: string | null,
    code: string,
    reason: string,
    payload: Uint8Array | string,
  ): Promise<void> {
    return this.rejections.record({ source: 'http', tenantId, eventType, code, reason, payload });
  }
}
