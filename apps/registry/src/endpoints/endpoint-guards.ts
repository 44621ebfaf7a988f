import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError, notFound, validationFailed } from '@herald/http-api';
import { EventTypeEntity } from '../entities/event-type.entity.js';
import { TenantEntity } from '../entities/tenant.entity.js';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { subscriptionProblems } from './subscription-rules.js';
import { channelConflicts, endpointRuleProblems } from './tenant-rules.js';

/** The fields of an endpoint the tenant's rules look at, as they will be after the write. */
export interface EndpointDraft {
  id: string;
  tenantId: string;
  url: string;
  channels: string[];
  eventTypes: string[];
}

/**
 * Checks an endpoint about to be written against its tenant — settings
 * (https, URL length, one endpoint per channel) and catalog (every filter
 * names something) — inside the writing transaction. The tenant row is
 * locked first, so two concurrent writes cannot both take one channel.
 */
@Injectable()
export class EndpointGuards {
  async check(
    manager: EntityManager,
    draft: EndpointDraft,
    changed: { url: boolean; channels: boolean; eventTypes: boolean },
    previousFilters: readonly string[] = [],
  ): Promise<void> {
    const tenant = await manager.findOne(TenantEntity, {
      where: { id: draft.tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!tenant) throw notFound('tenant');
    const problems = endpointRuleProblems(draft, tenant).filter(
      (p) => (p.field === 'url' && changed.url) || (p.field === 'channels' && changed.channels),
    );
    if (changed.eventTypes) {
      const catalog = await manager.find(EventTypeEntity, {
        where: { tenantId: draft.tenantId },
        select: { name: true, version: true, archived: true },
      });
      problems.push(...subscriptionProblems(draft.eventTypes, catalog, previousFilters));
    }
    if (problems.length > 0) throw validationFailed(problems);
    if (tenant.uniqueChannelEndpoint && changed.channels) {
      const others = await manager.find(EndpointEntity, {
        where: { tenantId: draft.tenantId },
        select: { id: true, channels: true },
      });
      const conflicts = channelConflicts(draft, others);
      if (conflicts.length > 0) {
        throw new ApiError(
          409,
          'channel_taken',
          'the tenant allows one endpoint per channel (setting uniqueChannelEndpoint)',
          conflicts.map(({ channel, endpointId }) => ({
            field: 'channels',
            reason: `channel "${channel}" already has endpoint ${endpointId}`,
          })),
        );
      }
    }
  }
}
