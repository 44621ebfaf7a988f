import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import { deliveryTaskId, type DeliveryTask } from '@herald/contracts';
import { notFound } from '@herald/http-api';
import { Publisher } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';
import { RegistryView } from '@herald/registry-view';
import { type TenantPrincipal } from '@herald/api-auth';
import { MessageStore } from '../messages/message-store.js';
import { ResendAudit } from './resend-audit.js';
import type { ResendAccepted } from './resend.docs.js';
import { ResendRateLimited } from './resend-errors.js';
import { ResendRateLimiter } from './resend-rate-limiter.js';

/**
 * Resends one stored message to one endpoint of the same tenant as a fresh
 * attempt chain: attempt 1, due now, with a new `replayId` — so its JetStream
 * de-duplication id differs from every earlier delivery of the message and
 * each resend is delivered once more. The endpoint need not subscribe to the
 * event type, and an earlier successful delivery does not prevent a resend; a
 * disabled endpoint's resend is held by the dispatcher like any of its tasks.
 *
 * Order: rate limit (before any lookup, so it also shields Postgres), then
 * message and endpoint (another tenant's are 404, never disclosed), then the
 * audit row, then the publish: a published resend always has its record.
 */
@Injectable()
export class ResendService {
  private readonly resends: Counter<'outcome'>;

  constructor(
    private readonly messages: MessageStore,
    private readonly registry: RegistryView,
    private readonly audit: ResendAudit,
    private readonly publisher: Publisher,
    private readonly limiter: ResendRateLimiter,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    this.resends = new Counter({
      name: 'herald_ingest_resends_total',
      help: 'Operator resends of one message to one endpoint (outcome: published, rate_limited)',
      labelNames: ['outcome'],
      registers: [metrics],
    });
  }

  async resend(
    principal: TenantPrincipal,
    messageId: string,
    endpointId: string,
  ): Promise<ResendAccepted> {
    const decision = this.limiter.take(principal.tenantId);
    if (!decision.allowed) {
      this.resends.inc({ outcome: 'rate_limited' });
      throw new ResendRateLimited(decision.retryAfterSeconds);
    }
    const message = await this.messages.findForTenant(principal.tenantId, messageId);
    if (!message) throw notFound(`message "${messageId}"`);
    const endpoint = this.registry.endpoint(endpointId);
    if (endpoint?.tenantId !== principal.tenantId) throw notFound(`endpoint "${endpointId}"`);

    const id = randomUUID();
    const replayId = `rpl_${id}`;
    await this.audit.record({
      id,
      tenantId: principal.tenantId,
      keyId: principal.keyId,
      messageId,
      endpointId,
      replayId,
    });
    const task: DeliveryTask = {
      messageId,
      tenantId: message.tenantId,
      endpointId,
      eventType: message.eventType,
      channel: message.channel,
      payload: message.body,
      createdAt: message.createdAt.toISOString(),
      attempt: 1,
      notBefore: null,
      replayId,
    };
    await this.publisher.publish('deliver.v1', endpointId, task, deliveryTaskId(task));
    this.resends.inc({ outcome: 'published' });
    return { replayId, messageId, endpointId };
  }
}
