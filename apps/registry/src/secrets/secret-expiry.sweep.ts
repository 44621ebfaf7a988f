import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { PeriodicJobs } from '@herald/observability';
import { CLOCK, type Clock, type PeriodicJob } from '@herald/runtime';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { ReadModelSync } from '../read-model/read-model.sync.js';

/**
 * Clears previous secrets whose grace period has ended — just after start-up
 * (`start`, once the registry is ready), then every
 * HERALD_SECRET_SWEEP_INTERVAL — and republishes those endpoints'
 * views. One UPDATE … RETURNING per sweep, so replicas sweeping at once each
 * publish only the rows they cleared. Runs never overlap; shutdown waits for
 * the one in progress. Readers never depend on the sweep for correctness
 * (an expired previous secret is left out of every view and response); it
 * only tidies Postgres and pushes the change to the other services.
 */
@Injectable()
export class SecretExpirySweep implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SecretExpirySweep.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    jobs: PeriodicJobs,
  ) {
    this.job = jobs.every(config.HERALD_SECRET_SWEEP_INTERVAL, 'secret-expiry-sweep', async () => {
      const ids = await this.sweep();
      if (ids.length > 0) this.logger.log(`expired previous secrets cleared: ${ids.length}`);
    });
  }

  /** The first sweep, then one every interval. */
  start(): Promise<void> {
    return this.job.start({ immediate: true });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Clears every expired previous secret; returns the ids of the endpoints it changed. */
  async sweep(): Promise<string[]> {
    const now = new Date(this.clock.now());
    const result = await this.db
      .createQueryBuilder()
      .update(EndpointEntity)
      .set({ previousSecret: null, previousSecretExpiresAt: null, updatedAt: now })
      .where('previous_secret_expires_at <= :now', { now })
      .returning('id')
      .execute();
    const ids = (result.raw as { id: string }[]).map((row) => row.id);
    if (ids.length > 0) await this.sync.published(ids.map(REGISTRY_KEYS.endpoint));
    return ids;
  }
}
