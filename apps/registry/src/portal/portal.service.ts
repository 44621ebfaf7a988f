import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '@herald/http-api';
import { PortalTokens, type PortalRole } from '@herald/api-auth';
import { TenantEntity } from '../entities/tenant.entity.js';
import type { PortalSettings, PortalSettingsInput } from './portal-input.js';
import { PortalSettingsEntity } from './portal-settings.entity.js';

const DEFAULTS: PortalSettings = { frameAncestors: [], logoUrl: null, primaryColor: null };

/** Mints portal sessions and keeps the per-tenant portal settings. */
@Injectable()
export class PortalService {
  constructor(
    private readonly db: DataSource,
    private readonly tokens: PortalTokens,
  ) {}

  async createSession(tenantId: string, role: PortalRole, expiresInSeconds: number) {
    if (!(await this.db.getRepository(TenantEntity).existsBy({ id: tenantId }))) {
      throw notFound('tenant');
    }
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + expiresInSeconds * 1000);
    const token = await this.tokens.sign(tenantId, role, expiresAt);
    return { token, tenantId, role, expiresAt: expiresAt.toISOString() };
  }

  async settings(tenantId: string): Promise<PortalSettings> {
    const row = await this.db.getRepository(PortalSettingsEntity).findOneBy({ tenantId });
    if (!row) return DEFAULTS;
    return {
      frameAncestors: row.frameAncestors,
      logoUrl: row.logoUrl,
      primaryColor: row.primaryColor,
    };
  }

  /** Changes what `input` names; the rest stays. */
  async update(tenantId: string, input: PortalSettingsInput): Promise<PortalSettings> {
    const current = await this.settings(tenantId);
    const next: PortalSettings = {
      frameAncestors: input.frameAncestors ?? current.frameAncestors,
      logoUrl: input.logoUrl === undefined ? current.logoUrl : input.logoUrl,
      primaryColor: input.primaryColor === undefined ? current.primaryColor : input.primaryColor,
    };
    await this.db
      .getRepository(PortalSettingsEntity)
      .upsert({ tenantId, ...next, updatedAt: new Date() }, ['tenantId']);
    return next;
  }
}
