import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { z } from 'zod';
import { NatsClient } from '@herald/messaging';
import { HealthPartitions } from '../partitions/health-partitions.js';
import type { EndpointSettings } from '../windows/endpoint-settings.store.js';
import { followAnnouncements } from '../nats/announcements.js';
import { WindowKeeper } from '../windows/window-keeper.js';

const changeSchema = z.object({ endpointId: z.string().min(1), tenantId: z.string().min(1) });

/**
 * Changes an endpoint's health settings. A new slow threshold applies to the
 * whole 24 h histogram, not only to attempts from now on: the endpoint's
 * window is rebuilt from the attempt log with it and swapped in — by the
 * replica holding the endpoint's partition. A change made through another
 * replica is stored, then announced on core NATS
 * (`<ns>.health-settings.v1.<endpointId>`); the holder re-reads and rebuilds.
 * At most once: a lost announcement is caught up when the partition is next
 * taken (settings are re-read then).
 */
@Injectable()
export class HealthSettingsService implements OnApplicationShutdown {
  private readonly logger = new Logger(HealthSettingsService.name);
  private readonly subscription: Subscription;

  constructor(
    private readonly windows: WindowKeeper,
    private readonly partitions: HealthPartitions,
    private readonly nats: NatsClient,
  ) {
    this.subscription = followAnnouncements(nats, nats.ns.healthSettingsSubject('>'), {
      schema: changeSchema,
      what: 'health-settings change',
      logger: this.logger,
      handle: ({ endpointId, tenantId }) => {
        if (!this.partitions.holds(endpointId)) return;
        this.windows.endpointSettings
          .refresh(endpointId)
          .then(() => this.windows.rebuild(endpointId, tenantId))
          .catch((failure: unknown) =>
            this.logger.warn(
              `health settings of ${endpointId} not applied: ${(failure as Error).message}`,
            ),
          );
      },
    });
  }

  async update(endpointId: string, tenantId: string, settings: EndpointSettings): Promise<void> {
    await this.windows.endpointSettings.save(endpointId, tenantId, settings);
    if (this.partitions.holds(endpointId)) {
      await this.windows.rebuild(endpointId, tenantId);
      return;
    }
    this.nats.connection.publish(
      this.nats.ns.healthSettingsSubject(endpointId),
      JSON.stringify({ endpointId, tenantId }),
    );
    await this.nats.connection.flush();
  }

  slowThreshold(endpointId: string): number {
    return this.windows.slowMs(endpointId);
  }

  onApplicationShutdown(): void {
    this.subscription.unsubscribe();
  }
}
