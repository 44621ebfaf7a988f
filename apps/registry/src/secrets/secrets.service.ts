import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { notFound } from '@herald/http-api';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { CLOCK, type Clock } from '@herald/runtime';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { generateEndpointSecret } from '../endpoints/endpoint-secret.js';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { isUuid } from '../uuid.js';
import { livePreviousSecret } from '../entities/previous-secret.js';
import type { EndpointSecrets, RotatedSecret } from './secret.response.js';

/**
 * An endpoint's signing secrets. A rotation is one UPDATE: the current secret
 * becomes the previous one (replacing any earlier previous secret) with an
 * expiry of now + HERALD_SECRET_ROTATION_GRACE, and a fresh secret becomes
 * current — so two concurrent rotations cannot lose a secret between them.
 * The change is published to the read model before the call returns.
 */
@Injectable()
export class SecretsService {
  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async read(tenantId: string, id: string): Promise<EndpointSecrets> {
    const row = isUuid(id)
      ? await this.db.getRepository(EndpointEntity).findOneBy({ id, tenantId })
      : null;
    if (!row) throw notFound('endpoint');
    // The reveal route: the one place the registry decrypts a signing secret.
    const previous = livePreviousSecret(row, new Date(this.clock.now()));
    return {
      secret: this.box.open(row.secret),
      previousSecret: previous && { ...previous, secret: this.box.open(previous.secret) },
    };
  }

  async rotate(tenantId: string, id: string): Promise<RotatedSecret> {
    if (!isUuid(id)) throw notFound('endpoint');
    const now = new Date(this.clock.now());
    const expiresAt = new Date(now.getTime() + this.config.HERALD_SECRET_ROTATION_GRACE);
    const secret = generateEndpointSecret();
    const result = await this.db.getRepository(EndpointEntity).update(
      { id, tenantId },
      {
        // The right-hand side of SET reads the row as it was: the old secret.
        previousSecret: () => '"secret"',
        previousSecretExpiresAt: expiresAt,
        secret: this.box.seal(secret),
        updatedAt: now,
      },
    );
    if (!result.affected) throw notFound('endpoint');
    await this.sync.published([REGISTRY_KEYS.endpoint(id)]);
    return { secret, previousSecretExpiresAt: expiresAt.toISOString() };
  }
}
