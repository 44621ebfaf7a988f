import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { DataSource, IsNull, MoreThan, Not } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsAuth, natsServers } from '@herald/config';
import { natsConnectOptions } from '@herald/messaging';
import { keyFromSeed, pushRevocations } from '@herald/nats-auth';
import { PeriodicJobs } from '@herald/observability';
import type { PeriodicJob } from '@herald/runtime';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { NatsCredentialEntity } from './nats-credential.entity.js';
import { producerCredentialsSettings } from './nats-credentials.config.js';

/**
 * Gets revoked producer credentials into the account JWT the NATS servers
 * hold (see `pushRevocations`): at once when one is revoked, and every
 * `HERALD_NATS_REVOCATION_SYNC` from Postgres, so a push that failed (NATS
 * down, a re-run install script that re-issued the account) is repaired.
 * Connects as a system-account user, separately from the service's own user.
 */
@Injectable()
export class NatsRevocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NatsRevocations.name);
  private readonly settings;
  private connection: NatsConnection | null = null;
  private readonly job: PeriodicJob | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    jobs: PeriodicJobs,
  ) {
    this.settings = producerCredentialsSettings(config);
    if (this.settings) {
      this.job = jobs.every(this.settings.syncMs, 'nats-revocation-sync', () => this.sync());
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings) return;
    const { tls } = natsAuth(this.config);
    this.connection = await connect({
      ...natsConnectOptions({ creds: readFileSync(this.settings.systemCreds, 'utf8'), tls }),
      servers: natsServers(this.config.NATS_URL),
      name: 'herald-registry-revocations',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    // The first sync runs now, in the background: start-up does not wait for it.
    void this.job?.start({ immediate: true });
  }

  /** Pushes every revocation the account lacks; throws when the servers could not be told. */
  async sync(): Promise<number> {
    if (!this.settings || !this.connection) return 0;
    const rows = await this.db.getRepository(NatsCredentialEntity).find({
      where: [
        { revokedAt: Not(IsNull()), expiresAt: IsNull() },
        { revokedAt: Not(IsNull()), expiresAt: MoreThan(new Date()) },
      ],
    });
    const revoked = Object.fromEntries(
      rows.map((row) => [row.publicKey, Math.floor((row.revokedAt as Date).getTime() / 1000)]),
    );
    if (rows.length === 0) return 0;
    const added = await pushRevocations({
      system: this.connection,
      accountPublicKey: this.settings.account,
      operatorSigningKey: keyFromSeed(this.settings.operatorSigningSeed),
      revoked,
    });
    if (added > 0) this.logger.log(`pushed ${added} NATS credential revocation(s) to the account`);
    return added;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    await this.connection?.close().catch(() => undefined);
  }
}
