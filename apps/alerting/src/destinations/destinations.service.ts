import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AlertSignal } from '@herald/contracts';
import { conflict, notFound, validationFailed } from '@herald/http-api';
import { Publisher } from '@herald/messaging';
import { AddressPolicy } from '@herald/ssrf';
import { CLOCK, type Clock } from '@herald/runtime';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import { DeliveryLookup } from './delivery-lookup.js';
import { toDestinationView, type Destination, type DestinationView } from './destination.js';
import {
  uniqueKinds,
  type CreateDestination,
  type UpdateDestination,
} from './destination-input.js';
import { generateDestinationToken } from './destination-token.js';
import { destinationUrlProblem } from './destination-url.js';
import { DestinationStore, type Owner } from './destination.store.js';

/** The result of `POST /v1/alert-destinations/:id/test`. */
export interface TestResult {
  alertId: string;
  /** `pending` when the destination did not answer within the alert timeout. */
  status: 'sent' | 'failed' | 'pending';
  statusCode: number | null;
  error: string | null;
}

/**
 * Alert destinations: create (the token is returned once), change, rotate
 * the token (the new one returned once; the old one stops at once), delete,
 * and test — a `test` alert through alert.v1 like any other, answered with
 * what the destination said. Every lookup is scoped by the owner: another
 * tenant's destination is a 404.
 */
@Injectable()
export class DestinationsService {
  constructor(
    private readonly store: DestinationStore,
    private readonly alerts: DeliveryLookup,
    private readonly publisher: Publisher,
    private readonly policy: AddressPolicy,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(
    owner: Owner,
    input: CreateDestination,
  ): Promise<DestinationView & { token: string }> {
    this.checkUrl(input.url);
    const token = generateDestinationToken();
    const created = await this.store.create(
      owner,
      {
        id: randomUUID(),
        url: input.url,
        token,
        enabled: input.enabled,
        kinds: uniqueKinds(input.kinds) ?? null,
        description: input.description,
        managedBy: 'api',
      },
      this.config.HERALD_QUOTA_ALERT_DESTINATIONS,
    );
    if (!created) throw conflict('the operators already have an alert destination');
    return { ...toDestinationView(created), token };
  }

  async list(owner: Owner): Promise<DestinationView[]> {
    return (await this.store.list(owner)).map(toDestinationView);
  }

  async get(owner: Owner, id: string): Promise<DestinationView> {
    return toDestinationView(await this.found(owner, id));
  }

  async update(owner: Owner, id: string, changes: UpdateDestination): Promise<DestinationView> {
    const current = await this.found(owner, id);
    if (changes.url !== undefined) {
      if (current.managedBy === 'environment' && changes.url !== current.url) {
        throw conflict('this destination’s URL is set by HERALD_ALERT_WEBHOOK_URL');
      }
      this.checkUrl(changes.url);
    }
    const updated = await this.store.update(owner, id, {
      ...changes,
      ...(changes.kinds === undefined ? {} : { kinds: uniqueKinds(changes.kinds) }),
    });
    if (!updated) throw notFound(`alert destination "${id}"`);
    return toDestinationView(updated);
  }

  async rotateToken(owner: Owner, id: string): Promise<DestinationView & { token: string }> {
    const current = await this.found(owner, id);
    if (current.managedBy === 'environment') {
      throw conflict('this destination’s token is set by HERALD_ALERT_TOKEN');
    }
    const token = generateDestinationToken();
    const rotated = await this.store.rotateToken(owner, id, token);
    if (!rotated) throw notFound(`alert destination "${id}"`);
    return { ...toDestinationView(rotated), token };
  }

  async remove(owner: Owner, id: string): Promise<void> {
    const current = await this.found(owner, id);
    if (current.managedBy === 'environment') {
      throw conflict('this destination is set by HERALD_ALERT_WEBHOOK_URL; unset it to remove it');
    }
    if (!(await this.store.remove(owner, id))) throw notFound(`alert destination "${id}"`);
  }

  async test(owner: Owner, id: string): Promise<TestResult> {
    const destination = await this.found(owner, id);
    if (!destination.enabled) {
      throw conflict('the destination is switched off: enable it to send a test alert');
    }
    const signal: AlertSignal = {
      kind: 'test',
      alertId: `alr_${randomBytes(16).toString('hex')}`,
      tenantId: destination.tenantId,
      occurredAt: new Date(this.clock.now()).toISOString(),
      destinationId: destination.id,
      message: 'This is a test alert from Herald. Your destination is set up to receive alerts.',
    };
    await this.publisher.publish('alert.v1', signal.kind, signal, signal.alertId);
    const deadline = this.clock.now() + this.config.HERALD_ALERT_TIMEOUT + 2_000;
    for (;;) {
      const delivery = await this.alerts.delivery(signal.alertId, destination.id);
      if (delivery && delivery.status !== 'pending') {
        return {
          alertId: signal.alertId,
          status: delivery.status === 'sent' ? 'sent' : 'failed',
          statusCode: delivery.last_status_code,
          error: delivery.status === 'sent' ? null : delivery.last_error,
        };
      }
      if (this.clock.now() > deadline) {
        return { alertId: signal.alertId, status: 'pending', statusCode: null, error: null };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async found(owner: Owner, id: string): Promise<Destination> {
    const destination = await this.store.find(owner, id);
    if (!destination) throw notFound(`alert destination "${id}"`);
    return destination;
  }

  private checkUrl(url: string): void {
    const problem = destinationUrlProblem(
      url,
      this.policy,
      this.config.HERALD_ALLOW_PRIVATE_NETWORKS,
    );
    if (problem) throw validationFailed([{ field: 'url', reason: problem }]);
  }
}
