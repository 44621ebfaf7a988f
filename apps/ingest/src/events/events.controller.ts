import { Body, Controller, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { INGEST_HEADERS } from '@herald/contracts';
import {
  ApiError,
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  parseInput,
  RETRY_AFTER,
} from '@herald/http-api';
import { NatsClient, Publisher } from '@herald/messaging';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { RateLimitedError, SkipApiRateLimit, type RateLimit } from '@herald/tenant-limits';
import { RejectionRecorder } from '../rejections/rejection-recorder.js';
import { acceptedEventSchema, catalogRefusal, eventBodySchema, refusal } from './event.docs.js';
import { EventCatalog } from './event-catalog.js';
import { checkEvent, messageIdFor, RejectedEvent, rejectionStatus } from './event-rules.js';
import { FanOutService } from './fan-out.service.js';
import { INGEST_RATE_LIMIT, IngestLimits } from './ingest-limits.js';

/** The part of the HTTP response this controller touches. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

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
@ApiTags('events')
export class EventsController {
  constructor(
    private readonly nats: NatsClient,
    private readonly publisher: Publisher,
    private readonly rejections: RejectionRecorder,
    private readonly limits: IngestLimits,
    private readonly catalog: EventCatalog,
    private readonly fanOut: FanOutService,
    @Inject(INGEST_RATE_LIMIT) private readonly rate: RateLimit,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'publishEvent',
    summary: 'Publish an event to every endpoint subscribed to its type',
    description:
      'The same pipeline as publishing on NATS (`<ns>.ingest.<tenantId>.<type>`). The type ' +
      "and version must be in the tenant's catalog and the payload must satisfy the version's " +
      'JSON Schema (every error is listed). 202 means the event is stored durably; delivery ' +
      'follows. Refused events are recorded (`GET /v1/rejections`).',
  })
  @RequirePermission('events:publish')
  // Counted per tenant (HERALD_RATE_LIMIT_INGEST, shared with NATS), not per key.
  @SkipApiRateLimit()
  @ApiResponse({ status: 202, standardSchema: acceptedEventSchema, description: 'accepted' })
  @ApiErrors(
    ...BODY_ERRORS,
    {
      error: new RateLimitedError(1, 'for this tenant'),
      when: "over the tenant's event rate (HERALD_RATE_LIMIT_INGEST)",
      headers: RETRY_AFTER,
    },
    invalidInput(eventBodySchema, { type: '', payload: {}, priority: 'high' }),
    refusal({ eventType: 'message created!' }, 'the type is not a valid event type name'),
    refusal({ channel: 'c'.repeat(129) }, 'the channel is too long'),
    refusal(
      { payload: new Uint8Array(262_145) },
      'the payload is over `HERALD_MAX_PAYLOAD_BYTES` (here 256 KiB)',
    ),
    catalogRefusal(
      new RejectedEvent('unknown_event_type', 'event type "nope" is not in the tenant\'s catalog'),
      "the type (or version) is not in the tenant's catalog",
    ),
    catalogRefusal(
      new RejectedEvent(
        'schema_validation_failed',
        'payload does not match the schema of "AgentLog" version 1: payload must have required property \'isLogin\'',
        [{ field: 'payload', reason: "must have required property 'isLogin'" }],
      ),
      "the payload breaks the version's JSON Schema; `details` lists every error",
    ),
    catalogRefusal(
      new RejectedEvent(
        'reserved_event_type',
        'event types under "herald." are reserved for the platform',
      ),
      "the type is one of the platform's own (`herald.*`)",
    ),
  )
  async publish(
    @Principal() principal: TenantPrincipal,
    // Validated below, not by a pipe: a refused body is recorded before the 400.
    @Body({ schema: eventBodySchema }) body: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<z.infer<typeof acceptedEventSchema>> {
    const { tenantId } = principal;
    // The ingest consumer takes the point (every event passes it, whichever way it came);
    // here a tenant whose budget is already spent is told to wait.
    const wait = await this.rate.spent(`tenant:${tenantId}`);
    if (wait !== null) {
      response.setHeader('Retry-After', String(wait));
      throw new RateLimitedError(wait, 'for this tenant');
    }
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
      const { text, parsed } = checkEvent(
        { eventType: input.type, idempotencyKey, channel, payload: bytes },
        this.limits,
      );
      const view = this.catalog.check({ tenantId, eventType: input.type, version, parsed }, false);
      // Refused before the 202 when its delivery tasks would be too large for NATS.
      this.fanOut.deliveredBody({
        tenantId,
        eventType: input.type,
        version,
        channel,
        idempotencyKey,
        payload: text,
        parsed,
        envelope: view?.envelope ?? null,
      });
    } catch (error) {
      if (!(error instanceof RejectedEvent)) throw error;
      await this.recordHttp(tenantId, input.type, error.code, error.message, bytes);
      throw new ApiError(rejectionStatus(error.code), error.code, error.message, error.details);
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
