import { randomBytes } from 'node:crypto';
import {
  REGISTRY_KEYS,
  type ApiKeyView,
  type AttemptOutcome,
  type DeferralReport,
  type EndpointView,
  type TenantView,
} from '@herald/contracts';
import type { NatsClient } from '@herald/messaging';
import { openRegistryBucket } from '@herald/registry-view';
import { generateApiKey, hashApiKey } from '@herald/api-auth';
import { anEndpointView } from '@herald/testing';
import { anOutcome } from '../src/testing/outcomes.js';

/** A tenant seeded into the registry's KV bucket, with its API key and one endpoint. */
export interface SeededTenant {
  id: string;
  apiKey: string;
  apiKeyHash: string;
  endpointId: string;
}

const id = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Writes a tenant, an admin API key and an endpoint the way the registry would. */
export async function seedTenant(nats: NatsClient): Promise<SeededTenant> {
  const kv = await openRegistryBucket(nats);
  const tenant: TenantView = { id: id('ten'), name: 'acme' };
  const apiKey = generateApiKey();
  const key: ApiKeyView = { keyId: id('key'), tenantId: tenant.id, role: 'admin' };
  const endpoint = anEndpointView({
    id: id('ep'),
    tenantId: tenant.id,
    secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  });
  await kv.put(REGISTRY_KEYS.tenant(tenant.id), JSON.stringify(tenant));
  await kv.put(REGISTRY_KEYS.apiKey(hashApiKey(apiKey)), JSON.stringify(key));
  await kv.put(REGISTRY_KEYS.endpoint(endpoint.id), JSON.stringify(endpoint));
  return { id: tenant.id, apiKey, apiKeyHash: hashApiKey(apiKey), endpointId: endpoint.id };
}

/** Adds an API key of another role to a seeded tenant; returns the key. */
export async function seedApiKey(
  nats: NatsClient,
  tenantId: string,
  role: ApiKeyView['role'],
): Promise<string> {
  const kv = await openRegistryBucket(nats);
  const apiKey = generateApiKey();
  const key: ApiKeyView = { keyId: id('key'), tenantId, role };
  await kv.put(REGISTRY_KEYS.apiKey(hashApiKey(apiKey)), JSON.stringify(key));
  return apiKey;
}

/** Rewrites a seeded endpoint's enabled flag, as the registry would on a disable or enable. */
export async function setEndpointEnabled(
  nats: NatsClient,
  endpointId: string,
  enabled: boolean,
): Promise<void> {
  const kv = await openRegistryBucket(nats);
  const entry = await kv.get(REGISTRY_KEYS.endpoint(endpointId));
  const view = entry?.json<EndpointView>();
  if (!view) throw new Error(`endpoint ${endpointId} is not seeded`);
  await kv.put(
    REGISTRY_KEYS.endpoint(endpointId),
    JSON.stringify({
      ...view,
      enabled,
      disabledReason: enabled ? null : 'failing_persistently',
      disabledAt: enabled ? null : new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }),
  );
}

/** A rejection report as a dispatcher replica would publish it. */
export function reportFor(
  tenant: { id: string; endpointId: string },
  at: Date,
  counts: { breaker_open?: number; endpoint_paused?: number },
): DeferralReport {
  return {
    reportId: id('rep'),
    tenantId: tenant.id,
    endpointId: tenant.endpointId,
    replica: 'test:1',
    from: new Date(at.getTime() - 5_000).toISOString(),
    to: at.toISOString(),
    counts: {
      breaker_open: counts.breaker_open ?? 0,
      endpoint_paused: counts.endpoint_paused ?? 0,
    },
  };
}

/** An attempt outcome as the dispatcher would publish it. */
export function outcomeFor(
  tenant: { id: string; endpointId: string },
  overrides: Partial<AttemptOutcome> = {},
): AttemptOutcome {
  return anOutcome({
    attemptId: id('att'),
    messageId: id('msg'),
    tenantId: tenant.id,
    endpointId: tenant.endpointId,
    latencyMs: 42.5,
    at: new Date().toISOString(),
    ...overrides,
  });
}

/** Reads one sample of a metric from Prometheus text, or 0 when absent. */
export function sample(metricsText: string, name: string, labels: Record<string, string>): number {
  const line = metricsText
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
