import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { INGEST_HEADERS } from '@herald/contracts';
import { JetStreamContext, nak, NatsClient, term, type Disposition } from '@herald/messaging';
import { RegistryView } from '@herald/registry-view';
import type { RateLimit } from '@herald/tenant-limits';
import { RejectionRecorder } from '../rejections/rejection-recorder.js';
import { EventCatalog } from './event-catalog.js';
import { checkEvent, parseEventVersion, RejectedEvent } from './event-rules.js';
import { FanOutService, FanOutUnderWay } from './fan-out.service.js';
import { INGEST_RATE_LIMIT, IngestLimits } from './ingest-limits.js';

/**
 * Consumes `<ns>.ingest.<tenantId>.<eventType>`: validates (syntax, then the
 * tenant's catalog: type, version, schema), stores once, fans out, and only
 * then lets the transport ack. Refused events are recorded and terminated;
 * they never crash the consumer or block the ones behind them. A tenant, an
 * event type or a targeted endpoint not yet in the read model is waited for
 * during the grace period (it may have been created a moment ago).
 */
@Controller()
export class IngestHandler {
  constructor(
    private readonly nats: NatsClient,
    private readonly registry: RegistryView,
    private readonly fanOut: FanOutService,
    private readonly rejections: RejectionRecorder,
    private readonly limits: IngestLimits,
    private readonly catalog: EventCatalog,
    @Inject(INGEST_RATE_LIMIT) private readonly rate: RateLimit,
  ) {}

  @EventPattern<string>('ingest')
  async handle(
    @Payload() data: Uint8Array,
    @Ctx() ctx: JetStreamContext,
  ): Promise<Disposition | void> {
    const route = this.nats.ns.parseIngestSubject(ctx.subject);
    if (!route) {
      return this.refuse(
        null,
        null,
        data,
        new RejectedEvent(
          'invalid_subject',
          `subject "${ctx.subject}" is not <ns>.ingest.<tenantId>.<eventType>`,
        ),
      );
    }
    const ageMs = Date.now() - Number(ctx.message.info.timestampNanos / 1_000_000);
    // Something created this recently may not have reached the read model yet.
    const inGrace = ageMs < this.limits.unknownTenantGraceMs;
    if (!this.registry.tenant(route.tenantId)) {
      if (inGrace) return nak(1_000);
      return this.refuse(
        route.tenantId,
        route.eventType,
        data,
        new RejectedEvent('unknown_tenant', `tenant "${route.tenantId}" does not exist`),
      );
    }
    if ((await this.rate.consume(`tenant:${route.tenantId}`)) !== null) {
      return this.refuse(
        route.tenantId,
        route.eventType,
        data,
        new RejectedEvent(
          'rate_limited',
          `over the tenant's event rate (HERALD_RATE_LIMIT_INGEST)`,
        ),
      );
    }
    const info = ctx.message.info;
    const idempotencyKey =
      ctx.header(INGEST_HEADERS.idempotencyKey) ??
      ctx.header(INGEST_HEADERS.natsMsgId) ??
      `nats:${info.streamSequence}:${info.timestampNanos}`;
    const channel = ctx.header(INGEST_HEADERS.channel) ?? null;
    const targetEndpointId = ctx.header(INGEST_HEADERS.targetEndpoint) ?? null;
    try {
      const version = parseEventVersion(ctx.header(INGEST_HEADERS.eventVersion));
      const { text, parsed } = checkEvent(
        { eventType: route.eventType, idempotencyKey, channel, payload: data },
        this.limits,
      );
      const event = { ...route, version, parsed };
      const view = this.catalog.check(event, targetEndpointId !== null);
      if (targetEndpointId !== null && !this.targetExists(route.tenantId, targetEndpointId)) {
        if (inGrace) return nak(1_000);
        throw new RejectedEvent('unknown_endpoint', `endpoint "${targetEndpointId}" not found`);
      }
      await this.fanOut.accept(
        {
          ...event,
          channel,
          idempotencyKey,
          payload: text,
          envelope: view?.envelope ?? null,
          targetEndpointId,
        },
        { first: ctx.deliveryCount === 1 },
      );
    } catch (error) {
      if (error instanceof FanOutUnderWay) return nak(1_000);
      if (!(error instanceof RejectedEvent)) throw error;
      if (error.code === 'unknown_event_type' && inGrace) return nak(1_000);
      return this.refuse(route.tenantId, route.eventType, data, error);
    }
  }

  private targetExists(tenantId: string, endpointId: string): boolean {
    return this.registry.endpoint(endpointId)?.tenantId === tenantId;
  }

  private async refuse(
    tenantId: string | null,
    eventType: string | null,
    payload: Uint8Array,
    rejection: RejectedEvent,
  ): Promise<Disposition> {
    await this.rejections.record({
      source: 'nats',
      tenantId,
      eventType,
      code: rejection.code,
      reason: rejection.message,
      payload,
    });
    return term(`${rejection.code}: ${rejection.message}`);
  }
}
