import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { deliveryTaskId, type DeliveryTask, type EndpointView } from '@herald/contracts';
import { ApiError } from '@herald/http-api';
import type { Publisher } from '@herald/messaging';
import type { RegistryView } from '@herald/registry-view';
import type { TenantPrincipal } from '@herald/api-auth';
import { ManualClock } from '@herald/runtime';
import type { MessageStore, TenantMessage } from '../messages/message-store.js';
import type { ResendAudit, ResendRecord } from './resend-audit.js';
import { ResendRateLimited } from './resend-errors.js';
import { ResendRateLimiter } from './resend-rate-limiter.js';
import { ResendService } from './resend.service.js';

const MESSAGE_ID = `msg_${'a'.repeat(32)}`;
const principal: TenantPrincipal = { tenantId: 't1', keyId: 'k1', role: 'admin' };
const message: TenantMessage = {
  id: MESSAGE_ID,
  tenantId: 't1',
  eventType: 'order.paid',
  eventVersion: 1,
  channel: 'web',
  payload: '{ "n" : 1 }',
  body: '{"event":"order.paid", "n" : 1 }',
  createdAt: new Date('2026-11-01T00:00:00Z'),
  endpointIds: ['e-other'],
};
const endpoints: Record<string, Pick<EndpointView, 'id' | 'tenantId'>> = {
  e1: { id: 'e1', tenantId: 't1' },
  foreign: { id: 'foreign', tenantId: 't2' },
};

/** The service over in-memory seams; `effects` records audit and publish in order. */
function setUp(limits = { ratePerSecond: 1, burst: 10 }) {
  const effects: string[] = [];
  const audited: ResendRecord[] = [];
  const published: { key: string; task: DeliveryTask; msgId: string }[] = [];
  const messages = {
    findForTenant: (tenantId: string, id: string) => {
      effects.push('lookup');
      return Promise.resolve(tenantId === message.tenantId && id === message.id ? message : null);
    },
  };
  const registry = { endpoint: (id: string) => endpoints[id] };
  const audit = {
    record: (entry: ResendRecord) => {
      effects.push('audit');
      audited.push(entry);
      return Promise.resolve();
    },
  };
  const publisher = {
    publish: (_topic: 'deliver.v1', key: string, task: DeliveryTask, msgId: string) => {
      effects.push('publish');
      published.push({ key, task, msgId });
      return Promise.resolve({});
    },
  };
  const service = new ResendService(
    messages as unknown as MessageStore,
    registry as unknown as RegistryView,
    audit as unknown as ResendAudit,
    publisher as unknown as Publisher,
    new ResendRateLimiter(limits, new ManualClock()),
    new Registry(),
  );
  return { service, effects, audited, published };
}

async function statusOf(promise: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe('ResendService', () => {
  it('records the audit, then publishes a fresh attempt chain with the stored body (envelope included)', async () => {
    const { service, effects, audited, published } = setUp();
    const accepted = await service.resend(principal, MESSAGE_ID, 'e1');
    expect(effects).toEqual(['lookup', 'audit', 'publish']);
    expect(accepted.replayId).toMatch(/^rpl_[0-9a-f-]{36}$/);
    expect(accepted).toMatchObject({ messageId: MESSAGE_ID, endpointId: 'e1' });
    expect(audited).toEqual([
      {
        id: accepted.replayId.slice(4),
        tenantId: 't1',
        keyId: 'k1',
        messageId: MESSAGE_ID,
        endpointId: 'e1',
        replayId: accepted.replayId,
      },
    ]);
    const [sent] = published;
    expect(sent?.key).toBe('e1');
    expect(sent?.task).toEqual({
      messageId: MESSAGE_ID,
      tenantId: 't1',
      endpointId: 'e1',
      eventType: 'order.paid',
      channel: 'web',
      payload: '{"event":"order.paid", "n" : 1 }',
      createdAt: '2026-11-01T00:00:00.000Z',
      attempt: 1,
      notBefore: null,
      replayId: accepted.replayId,
    });
    expect(sent?.msgId).toBe(deliveryTaskId(sent!.task));
  });

  it('starts a distinct chain on every resend', async () => {
    const { service, published } = setUp();
    await service.resend(principal, MESSAGE_ID, 'e1');
    await service.resend(principal, MESSAGE_ID, 'e1');
    const ids = published.map((p) => p.msgId);
    expect(new Set(ids).size).toBe(2);
  });

  it("answers 404 for another tenant's message or endpoint, and resends nothing", async () => {
    const { service, effects } = setUp();
    const otherTenant = { ...principal, tenantId: 't2' };
    expect(await statusOf(service.resend(otherTenant, MESSAGE_ID, 'foreign'))).toBe(404);
    expect(await statusOf(service.resend(principal, MESSAGE_ID, 'foreign'))).toBe(404);
    expect(await statusOf(service.resend(principal, MESSAGE_ID, 'missing'))).toBe(404);
    expect(await statusOf(service.resend(principal, `msg_${'b'.repeat(32)}`, 'e1'))).toBe(404);
    expect(effects).not.toContain('audit');
    expect(effects).not.toContain('publish');
  });

  it('refuses over the rate before looking anything up', async () => {
    const { service, effects } = setUp({ ratePerSecond: 1, burst: 1 });
    await service.resend(principal, MESSAGE_ID, 'e1');
    effects.length = 0;
    const refused = service.resend(principal, MESSAGE_ID, 'e1');
    await expect(refused).rejects.toBeInstanceOf(ResendRateLimited);
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect(effects).toEqual([]);
  });
});
