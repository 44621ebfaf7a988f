import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AttemptOutcome } from '@herald/contracts';
import { ApiError, ApiErrors, invalidInput, ValidQuery } from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from '../config.js';
import { AttemptFeed } from './attempt-feed.js';
import type { AttemptView } from './attempt-view.js';

const streamQuerySchema = z
  .object({
    endpointId: z.uuid().optional().meta({ description: 'Only this endpoint’s attempts.' }),
  })
  .strict();

export const tooManyStreams = (limit: number) =>
  new ApiError(429, 'too_many_streams', `at most ${limit} live streams per tenant at once`);

/** The REST shape of an attempt (as `GET /v1/attempts` lists it). Pure. */
export function outcomeView(outcome: AttemptOutcome): AttemptView {
  return {
    attemptId: outcome.attemptId,
    endpointId: outcome.endpointId,
    messageId: outcome.messageId,
    eventType: outcome.eventType,
    attempt: outcome.attempt,
    outcome: outcome.outcome,
    reason: outcome.reason,
    statusCode: outcome.statusCode,
    error: outcome.error,
    latencyMs: outcome.latencyMs,
    responseBody: outcome.responseBody,
    final: outcome.final,
    nextAttemptAt: outcome.nextAttemptAt,
    at: outcome.at,
  };
}

/** One Server-Sent Event: `event: attempt`, the attempt id as its id, the attempt as JSON. */
export const attemptEvent = (view: AttemptView) =>
  `event: attempt\nid: ${view.attemptId}\ndata: ${JSON.stringify(view)}\n\n`;

interface StreamResponse {
  writeHead(status: number, headers: Record<string, string>): void;
  write(chunk: string): boolean;
  flushHeaders?(): void;
  on(event: 'close', listener: () => void): void;
}

/**
 * `GET /v1/attempts/stream` — the tenant's attempts as they happen, as
 * Server-Sent Events (`curl -N` works): `event: attempt` with the attempt
 * in `GET /v1/attempts`' shape, a `: keep-alive` comment every 15 s. Only
 * the caller's tenant; `endpointId` narrows it. New attempts only (the
 * attempt log has the past); at most `HERALD_ATTEMPT_STREAMS_PER_TENANT`
 * streams per tenant per process (429 `too_many_streams`).
 */
@Controller('v1/attempts/stream')
@UseGuards(ApiKeyGuard)
@ApiTags('attempts')
export class AttemptStreamController {
  constructor(
    private readonly feed: AttemptFeed,
    @Inject(HEALTH_MONITOR_CONFIG) private readonly config: HealthMonitorConfig,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'streamAttempts',
    summary: "The tenant's attempts as they happen (Server-Sent Events)",
    description:
      'Each attempt is an `attempt` event whose data is the attempt as `GET /v1/attempts` ' +
      'shows it. Only new attempts; reconnect and read `GET /v1/attempts` for what you missed.',
  })
  @RequirePermission('read')
  @ApiResponse({
    status: 200,
    description: 'an endless text/event-stream',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example:
          'event: attempt\nid: msg_5d41402abc4b2a76b9719d911017c592:5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10:1\n' +
          'data: {"attemptId":"msg_5d41402abc4b2a76b9719d911017c592:5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10:1",' +
          '"outcome":"success","statusCode":204,"latencyMs":48.2,"at":"2026-11-30T12:05:02.000Z"}\n\n',
      },
    },
  })
  @ApiErrors(invalidInput(streamQuerySchema, { endpointId: 'x' }), {
    error: tooManyStreams(20),
    when: "the tenant's streams are at the limit",
  })
  stream(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(streamQuerySchema) query: z.infer<typeof streamQuerySchema>,
    @Res() response: StreamResponse,
  ): void {
    const limit = this.config.HERALD_ATTEMPT_STREAMS_PER_TENANT;
    if (this.feed.count(principal.tenantId) >= limit) throw tooManyStreams(limit);
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(': stream open\n\n');
    response.flushHeaders?.();
    const stop = this.feed.listen(principal.tenantId, (outcome) => {
      if (query.endpointId && outcome.endpointId !== query.endpointId) return;
      response.write(attemptEvent(outcomeView(outcome)));
    });
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    response.on('close', () => {
      clearInterval(keepAlive);
      stop();
    });
  }
}
