import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { compilePayloadSchema, defaultVersion } from '@herald/catalog';
import { INGEST_HEADERS, messageIdFor, type AttemptOutcome } from '@herald/contracts';
import { validationFailed } from '@herald/http-api';
import { NatsClient, Publisher } from '@herald/messaging';
import { EndpointStateView } from '@herald/registry-view';
import { CLOCK, type Clock } from '@herald/runtime';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { EventTypeEntity } from '../entities/event-type.entity.js';
import { AttemptWatch } from './attempt-watch.js';
import { endpointDisabled, endpointPaused } from './endpoint-test.docs.js';

/** The platform's own test event type (ingest accepts it only for a targeted test). */
export const TEST_EVENT_TYPE = 'herald.test';

export interface EndpointTestInput {
  eventType?: string | undefined;
  version?: number | undefined;
  payload?: unknown;
}

export interface EndpointTestResult {
  messageId: string;
  eventType: string;
  version: number;
  /** `pending`: no attempt within the wait (the breaker may be open); see the attempt log. */
  status: 'delivered' | 'failed' | 'pending';
  /** The first attempt's outcome as the dispatcher reported it, the fields a test shows. */
  attempt: Pick<
    AttemptOutcome,
    'statusCode' | 'latencyMs' | 'reason' | 'error' | 'responseBody' | 'at'
  > | null;
}

/**
 * `POST /v1/endpoints/:id/test`: sends a test event through the real pipeline
 * — published on the tenant's ingest subject with `Herald-Target-Endpoint`,
 * so ingest validates, stores and envelopes it like any event but fans it
 * out to this endpoint only; the dispatcher signs and sends it — and answers
 * with the first attempt's outcome, seen on `attempt.v1`. Refused while the
 * endpoint is disabled (a test only makes sense on a live endpoint) or paused.
 *
 * The event is the catalog type given (its example, or the payload given,
 * checked against its schema here so a bad test fails fast), or
 * `herald.test` with a small payload naming the endpoint.
 */
@Injectable()
export class EndpointTestsService {
  constructor(
    private readonly db: DataSource,
    private readonly endpoints: EndpointsService,
    private readonly nats: NatsClient,
    private readonly publisher: Publisher,
    private readonly watch: AttemptWatch,
    private readonly states: EndpointStateView,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async test(
    tenantId: string,
    endpointId: string,
    input: EndpointTestInput,
  ): Promise<EndpointTestResult> {
    const endpoint = await this.endpoints.find(tenantId, endpointId);
    if (!endpoint.enabled) {
      throw endpointDisabled(endpoint.disabledReason ?? 'operator');
    }
    const now = new Date(this.clock.now());
    const pausedUntil = this.states.pausedUntil(endpoint.id, now.getTime());
    if (pausedUntil !== null) {
      throw endpointPaused(new Date(pausedUntil).toISOString());
    }
    const event = await this.testEvent(tenantId, endpoint.id, input, now);
    const idempotencyKey = `test_${randomUUID()}`;
    const messageId = messageIdFor(tenantId, idempotencyKey);
    const waitMs = Math.min(
      this.config.HERALD_ENDPOINT_TEST_WAIT,
      (endpoint.timeoutMs ?? 15_000) + 5_000,
    );
    const wait = this.watch.firstAttempt(endpoint.id, messageId, waitMs);
    try {
      await this.publisher.publishRaw(
        this.nats.ns.ingestSubject(tenantId, event.eventType),
        new TextEncoder().encode(JSON.stringify(event.payload)),
        {
          msgId: `${tenantId}:${idempotencyKey}`,
          headers: {
            [INGEST_HEADERS.idempotencyKey]: idempotencyKey,
            [INGEST_HEADERS.eventVersion]: String(event.version),
            [INGEST_HEADERS.targetEndpoint]: endpoint.id,
          },
        },
      );
      return result(messageId, event, await wait.outcome);
    } finally {
      wait.stop();
    }
  }

  private async testEvent(
    tenantId: string,
    endpointId: string,
    input: EndpointTestInput,
    now: Date,
  ): Promise<{ eventType: string; version: number; payload: unknown }> {
    if (input.eventType === undefined) {
      const payload = input.payload ?? {
        type: TEST_EVENT_TYPE,
        endpointId,
        message: 'Test event sent by Herald',
        sentAt: now.toISOString(),
      };
      return { eventType: TEST_EVENT_TYPE, version: 1, payload };
    }
    const versions = await this.db
      .getRepository(EventTypeEntity)
      .findBy({ tenantId, name: input.eventType });
    const version = input.version ?? defaultVersion(versions);
    const row = versions.find((v) => v.version === version);
    if (!row) {
      throw validationFailed([
        {
          field: 'eventType',
          reason: `"${input.eventType}"${input.version ? ` version ${input.version}` : ''} is not in the catalog`,
        },
      ]);
    }
    const payload = input.payload ?? row.example ?? {};
    if (row.schema !== null && row.schema !== undefined) {
      const problems = compilePayloadSchema(row.schema)(payload);
      if (problems.length > 0) {
        throw validationFailed(
          problems.map((p) => ({
            field: `payload${p.path.replace(/\//g, '.')}`,
            reason: p.message,
          })),
          `the test payload does not match the schema of "${row.name}" version ${row.version}`,
        );
      }
    }
    return { eventType: row.name, version: row.version, payload };
  }
}

function result(
  messageId: string,
  event: { eventType: string; version: number },
  outcome: AttemptOutcome | null,
): EndpointTestResult {
  return {
    messageId,
    eventType: event.eventType,
    version: event.version,
    status: outcome === null ? 'pending' : outcome.outcome === 'success' ? 'delivered' : 'failed',
    attempt:
      outcome === null
        ? null
        : {
            statusCode: outcome.statusCode,
            latencyMs: outcome.latencyMs,
            reason: outcome.reason,
            error: outcome.error,
            responseBody: outcome.responseBody,
            at: outcome.at,
          },
  };
}
