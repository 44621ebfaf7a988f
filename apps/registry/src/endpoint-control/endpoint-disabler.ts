import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '@herald/runtime';
import { EndpointEntity } from '../entities/endpoint.entity.js';

export type DisableOutcome = 'disabled' | 'already_disabled' | 'not_found';

export interface DisableRequest {
  endpointId: string;
  tenantId: string;
  reason: string;
  at: Date;
}

/**
 * Disables an endpoint on behalf of another service. One conditional UPDATE:
 * it touches only an endpoint of that tenant that is still enabled, so a
 * repeated command changes nothing and an earlier disable (its reason and
 * time, which the hold of held messages counts from) is never overwritten.
 */
@Injectable()
export class EndpointDisabler {
  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async disable(request: DisableRequest): Promise<DisableOutcome> {
    const { endpointId: id, tenantId } = request;
    const result = await this.db
      .createQueryBuilder()
      .update(EndpointEntity)
      .set({
        enabled: false,
        disabledReason: request.reason,
        disabledAt: request.at,
        updatedAt: new Date(this.clock.now()),
      })
      .where('id = :id AND tenant_id = :tenantId AND enabled', { id, tenantId })
      .execute();
    if (result.affected) return 'disabled';
    const exists = await this.db.getRepository(EndpointEntity).existsBy({ id, tenantId });
    return exists ? 'already_disabled' : 'not_found';
  }
}
