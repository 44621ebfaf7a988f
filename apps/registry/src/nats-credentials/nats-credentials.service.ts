import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Namespace } from '@herald/contracts';
import { parseDuration } from '@herald/resilience';
import { ApiError, notFound, validationFailed } from '@herald/http-api';
import { issueProducer, keyFromSeed, producerInboxPrefix } from '@herald/nats-auth';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { TenantEntity } from '../entities/tenant.entity.js';
import { TenantQuotas } from '../quotas/tenant-quotas.js';
import { isUuid } from '../uuid.js';
import { NatsCredentialEntity } from './nats-credential.entity.js';
import type { NatsCredentialResponse } from './nats-credential.response.js';
import { producerCredentialsSettings } from './nats-credentials.config.js';
import { NatsRevocations } from './nats-revocations.js';

const MIN_LIFETIME_MS = 60_000;
const MAX_LIFETIME_MS = 3650 * 86_400_000;

/**
 * 409: this registry has no NATS account keys (JWT mode is off). A state of
 * the install the caller can learn about, never a server error.
 */
export const natsCredentialsDisabled = () =>
  new ApiError(
    409,
    'nats_credentials_disabled',
    'producer NATS credentials are not enabled on this Herald (HERALD_NATS_ACCOUNT and friends are unset)',
  );

/** 503: the revocation is recorded but the NATS servers could not be told yet. */
export const revocationPending = () =>
  new ApiError(
    503,
    'nats_revocation_pending',
    'the credentials are revoked in Herald, but NATS could not be told yet; it is retried until it is',
  );

/** The lifetime of new credentials in ms, or a 400 naming `expiresIn`. */
export function credentialLifetime(expiresIn: string | undefined): number | null {
  if (expiresIn === undefined) return null;
  let ms: number;
  try {
    ms = parseDuration(expiresIn);
  } catch (error) {
    throw validationFailed([{ field: 'expiresIn', reason: (error as Error).message }]);
  }
  if (ms < MIN_LIFETIME_MS || ms > MAX_LIFETIME_MS) {
    throw validationFailed([{ field: 'expiresIn', reason: 'must be between 1m and 3650d' }]);
  }
  return ms;
}

/**
 * A tenant's producer NATS credentials: create (the `.creds` file is
 * returned once), list (no secrets), revoke (pushed to the NATS servers
 * before the call returns; `NatsRevocations` repairs a failed push).
 */
@Injectable()
export class NatsCredentialsService {
  private readonly settings;
  private readonly ns;

  constructor(
    private readonly db: DataSource,
    private readonly revocations: NatsRevocations,
    private readonly quotas: TenantQuotas,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.settings = producerCredentialsSettings(config);
    this.ns = new Namespace(config.HERALD_NAMESPACE);
  }

  private toResponse(row: NatsCredentialEntity): NatsCredentialResponse {
    return {
      id: row.id,
      name: row.name,
      publicKey: row.publicKey,
      subject: `${this.ns.subject('ingest', row.tenantId)}.>`,
      inboxPrefix: producerInboxPrefix(row.publicKey),
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
    };
  }

  async list(tenantId: string): Promise<NatsCredentialResponse[]> {
    if (!this.settings) throw natsCredentialsDisabled();
    const rows = await this.db.getRepository(NatsCredentialEntity).find({
      where: { tenantId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => this.toResponse(row));
  }

  async create(
    tenantId: string,
    name: string | null,
    expiresIn: string | undefined,
  ): Promise<NatsCredentialResponse & { creds: string }> {
    if (!this.settings) throw natsCredentialsDisabled();
    const lifetime = credentialLifetime(expiresIn);
    const now = new Date();
    const expiresAt = lifetime === null ? null : new Date(now.getTime() + lifetime);
    const user = await issueProducer({
      namespace: this.ns.name,
      tenantId,
      name: name ?? 'producer',
      accountPublicKey: this.settings.account,
      accountSigningKey: keyFromSeed(this.settings.accountSigningSeed),
      ...(expiresAt ? { expiresAt: Math.floor(expiresAt.getTime() / 1000) } : {}),
    });
    const row: NatsCredentialEntity = {
      id: randomUUID(),
      tenantId,
      name,
      publicKey: user.publicKey,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    };
    const inserted = await this.db.transaction(async (manager) => {
      if (!(await manager.existsBy(TenantEntity, { id: tenantId }))) return false;
      // Credentials in force count against the quota; revoked ones do not.
      await this.quotas.check(manager, tenantId, 'natsCredentials', () =>
        manager.countBy(NatsCredentialEntity, { tenantId, revokedAt: IsNull() }),
      );
      await manager.insert(NatsCredentialEntity, row);
      return true;
    });
    if (!inserted) throw notFound('tenant');
    return { ...this.toResponse(row), creds: user.creds };
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    if (!this.settings) throw natsCredentialsDisabled();
    if (!isUuid(id)) throw notFound('NATS credentials');
    const repository = this.db.getRepository(NatsCredentialEntity);
    const row = await repository.findOneBy({ id, tenantId });
    if (!row) throw notFound('NATS credentials');
    if (row.revokedAt === null) {
      // Whole seconds: the servers compare the JWT's issue time with this, in seconds.
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000);
      await repository.update({ id, tenantId, revokedAt: IsNull() }, { revokedAt: at });
    }
    try {
      await this.revocations.sync();
    } catch (error) {
      throw Object.assign(revocationPending(), { cause: error });
    }
  }
}
