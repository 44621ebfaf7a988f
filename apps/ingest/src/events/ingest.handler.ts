import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { INGEST_HEADERS } from '@herald/contracts';
import { JetStreamContext, nak, NatsClient, term, type Disposition } from '@herald/messaging';
import { RegistryView } from '@herald/registry-view';
import { RejectionRecorder } from '../rejections/rejection-recorder.js';
import { checkEvent, RejectedEvent } from './event-rules.js';
import { FanOutService } from './fan-out.service.js';
import { IngestLimits } from './ingest-limits.js';

/**
 * Consumes `<ns>.ingest.<tenantId>.<eventType>`: validates, stores once, fans
 * out, and only then lets the transport ack. Refused events are recorded and
 * terminated; they never crash the consumer or block the ones behind them.
 */
@Controller()
export class IngestHandler {
  constructor(
    private readonly nats: NatsClient,
    private readonly registry: RegistryView,
    private readonly fanOut: FanOutService,
    private readonly rejections: RejectionRecorder,
    private readonly limits: IngestLimits,
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
    if (!this.registry.tenant(route.tenantId)) {
      const ageMs = Date.now() - Number(ctx.message.info.timestampNanos / 1_000_000);
      // A tenant created this recently may not have reached the read model yet.
      if (ageMs < this.limits.unknownTenantGraceMs) return nak(1_000);
      return this.refuse(
        route.tenantId,
        route.eventType,
        data,
        new RejectedEvent('unknown_tenant', `tenant "${route.tenantId}" does not exist`),
      );
    }
    const info = ctx.message.info;
    const idempotencyKey =
      ctx.header(INGEST_HEADERS.idempotencyKey) ??
      ctx.header(INGEST_HEADERS.natsMsgId) ??
      `nats:${info.streamSequence}:${info.timestampNanos}`;
    const channel = ctx.header(INGEST_HEADERS.channel) ?? null;
    let payload: string;
    try {
      payload = checkEvent(
        { eventType: route.eventType, idempotencyKey, channel, payload: data },
        this.limits,
      );
    } catch (error) {
      if (error instanceof RejectedEvent)
        return this.refuse(route.tenantId, route.eventType, data, error);
      throw error;
    }
    await this.fanOut.accept({ ...route, channel, idempotencyKey, payload });
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
