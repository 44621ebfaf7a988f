import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { EndpointEntity } from '../entities/endpoint.entity.js';

/**
 * Brings every stored endpoint secret and header value under the first key
 * of HERALD_SECRETS_KEY just after start (`startUp`, once the registry is
 * ready: it reads every row): rows stored in clear (before encryption, or in
 * development mode) and rows sealed with an older key are re-sealed; until
 * then they are read as they are. Runs before the read model's start-up
 * re-sync, which then publishes the new values. Each row is updated only if
 * it still holds what was read, so replicas starting together, a concurrent
 * rotation, or an API write meanwhile lose nothing.
 */
@Injectable()
export class SecretsAtRest implements OnModuleInit, BeforeApplicationShutdown {
  private running: Promise<void> | null = null;
  private stopped = false;

  private readonly logger = new Logger('SecretsAtRest');

  constructor(
    private readonly db: DataSource,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  onModuleInit(): void {
    if (!this.box.encrypting) {
      this.logger.warn(
        'HERALD_SECRETS_KEY is not set (HERALD_DEV_MODE): endpoint secrets and header values ' +
          'are stored in clear. Use this for local development only.',
      );
    }
  }

  /** The start-up re-seal; never throws (a failure is logged, the next start retries). */
  startUp(): Promise<void> {
    if (!this.box.encrypting || this.stopped) return Promise.resolve();
    this.running ??= this.reseal().then(
      (resealed) => {
        if (resealed > 0) this.logger.log(`re-encrypted the secrets of ${resealed} endpoints`);
      },
      (error: unknown) => {
        this.logger.error(`re-encrypting stored secrets failed: ${(error as Error).message}`);
      },
    );
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Re-seals stale rows; returns how many were changed. */
  async reseal(): Promise<number> {
    const repo = this.db.getRepository(EndpointEntity);
    const rows = await repo.find({
      select: { id: true, secret: true, previousSecret: true, headers: true },
    });
    let changed = 0;
    for (const row of rows) {
      const stale =
        this.box.isStale(row.secret) ||
        (row.previousSecret !== null && this.box.isStale(row.previousSecret)) ||
        Object.values(row.headers).some((value) => this.box.isStale(value));
      if (!stale) continue;
      const result = await repo
        .createQueryBuilder()
        .update()
        .set({
          secret: this.box.reseal(row.secret),
          previousSecret: row.previousSecret === null ? null : this.box.reseal(row.previousSecret),
          headers: this.box.sealValues(this.box.openValues(row.headers)),
        })
        .where('id = :id AND secret = :secret', { id: row.id, secret: row.secret })
        .andWhere('previous_secret IS NOT DISTINCT FROM :previous', {
          previous: row.previousSecret,
        })
        .andWhere('headers = :headers::jsonb', { headers: JSON.stringify(row.headers) })
        .execute();
      changed += result.affected ?? 0;
    }
    return changed;
  }
}
