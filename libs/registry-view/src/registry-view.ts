import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import {
  apiKeyViewSchema,
  endpointViewSchema,
  eventTypeViewSchema,
  tenantViewSchema,
  type ApiKeyView,
  type EndpointView,
  type EventTypeView,
  type TenantView,
} from '@herald/contracts';
import type { NatsClient } from '@herald/messaging';
import { followBucket, type BucketFollower } from './follow-bucket.js';

/**
 * In-memory copy of the registry (tenants, API keys, endpoints, event types), kept current
 * by watching the registry's JetStream KV bucket: registry writes Postgres,
 * then the bucket; every other service sees the change within milliseconds.
 * `open()` resolves once the bucket's current contents have been loaded.
 *
 * Endpoint secrets (signing secrets, custom header values) are in the bucket
 * encrypted; a service that does not sign or send requests (ingest, the
 * health-monitor) does not even keep the ciphertext: unless opened with
 * `keepSecrets`, endpoint views hold no secrets and header names only.
 */
export class RegistryView implements OnApplicationShutdown {
  private readonly logger = new Logger(RegistryView.name);
  private readonly tenants = new Map<string, TenantView>();
  private readonly apiKeys = new Map<string, ApiKeyView>();
  private readonly endpoints = new Map<string, EndpointView>();
  private readonly endpointsByTenant = new Map<string, Map<string, EndpointView>>();
  private readonly eventTypes = new Map<string, EventTypeView>();
  /** tenant → name → version → view. */
  private readonly catalogs = new Map<string, Map<string, Map<number, EventTypeView>>>();
  private follower: BucketFollower | null = null;

  private constructor(
    readonly kv: KV,
    private readonly keepSecrets: boolean,
  ) {}

  /** Opens (creating if needed) the bucket and loads it. */
  static async open(nats: NatsClient, options: RegistryViewOptions = {}): Promise<RegistryView> {
    const kv = await openRegistryBucket(nats);
    const view = new RegistryView(kv, options.keepSecrets ?? false);
    await view.start();
    return view;
  }

  private async start(): Promise<void> {
    this.follower = await followBucket(
      this.kv,
      'registry',
      (key, value) => this.apply(key, value),
      this.logger,
    );
  }

  /** Applies one KV entry; `value` null means deleted. */
  private apply(key: string, value: unknown): void {
    const dot = key.indexOf('.');
    const kind = key.slice(0, dot);
    const id = key.slice(dot + 1);
    switch (kind) {
      case 'tenant':
        if (value === null) this.tenants.delete(id);
        else this.tenants.set(id, tenantViewSchema.parse(value));
        return;
      case 'apikey':
        if (value === null) this.apiKeys.delete(id);
        else this.apiKeys.set(id, apiKeyViewSchema.parse(value));
        return;
      case 'endpoint':
        this.removeEndpoint(id);
        if (value !== null) {
          const endpoint = endpointViewSchema.parse(value);
          this.addEndpoint(this.keepSecrets ? endpoint : withoutSecrets(endpoint));
        }
        return;
      case 'eventtype':
        this.removeEventType(id);
        if (value !== null) this.addEventType(eventTypeViewSchema.parse(value));
        return;
      default:
        this.logger.warn(`unknown registry key ${key}`);
    }
  }

  private addEndpoint(endpoint: EndpointView): void {
    this.endpoints.set(endpoint.id, endpoint);
    let byTenant = this.endpointsByTenant.get(endpoint.tenantId);
    if (!byTenant) {
      byTenant = new Map();
      this.endpointsByTenant.set(endpoint.tenantId, byTenant);
    }
    byTenant.set(endpoint.id, endpoint);
  }

  private removeEndpoint(id: string): void {
    const existing = this.endpoints.get(id);
    if (!existing) return;
    this.endpoints.delete(id);
    this.endpointsByTenant.get(existing.tenantId)?.delete(id);
  }

  private addEventType(view: EventTypeView): void {
    this.eventTypes.set(view.id, view);
    let names = this.catalogs.get(view.tenantId);
    if (!names)
      this.catalogs.set(view.tenantId, (names = new Map<string, Map<number, EventTypeView>>()));
    let versions = names.get(view.name);
    if (!versions) names.set(view.name, (versions = new Map<number, EventTypeView>()));
    versions.set(view.version, view);
  }

  private removeEventType(id: string): void {
    const existing = this.eventTypes.get(id);
    if (!existing) return;
    this.eventTypes.delete(id);
    const names = this.catalogs.get(existing.tenantId);
    const versions = names?.get(existing.name);
    versions?.delete(existing.version);
    if (versions?.size === 0) names?.delete(existing.name);
  }

  /** One version of a tenant's event type. */
  eventType(tenantId: string, name: string, version: number): EventTypeView | undefined {
    return this.catalogs.get(tenantId)?.get(name)?.get(version);
  }

  /** Every version of a tenant's event type (none when the catalog lacks it). */
  eventTypeVersions(tenantId: string, name: string): Iterable<EventTypeView> {
    return this.catalogs.get(tenantId)?.get(name)?.values() ?? [];
  }

  tenant(id: string): TenantView | undefined {
    return this.tenants.get(id);
  }

  apiKey(hash: string): ApiKeyView | undefined {
    return this.apiKeys.get(hash);
  }

  endpoint(id: string): EndpointView | undefined {
    return this.endpoints.get(id);
  }

  endpointsOf(tenantId: string): Iterable<EndpointView> {
    return this.endpointsByTenant.get(tenantId)?.values() ?? [];
  }

  /** KV revision of the newest entry applied; tests wait on it. */
  get currentRevision(): number {
    return this.follower?.revision ?? 0;
  }

  onApplicationShutdown(): void {
    this.follower?.stop();
  }
}

export interface RegistryViewOptions {
  /** Keep endpoint secrets and header values (encrypted): the dispatcher and alerting only. */
  keepSecrets?: boolean;
}

/** Provide `true` under this token in a service that signs or sends requests. */
export const KEEP_ENDPOINT_SECRETS = Symbol('KEEP_ENDPOINT_SECRETS');

/** An endpoint view with its secrets dropped: no signing secrets, header values blanked. */
export function withoutSecrets(endpoint: EndpointView): EndpointView {
  return {
    ...endpoint,
    secrets: [],
    previousSecret: null,
    headers: Object.fromEntries(Object.keys(endpoint.headers).map((name) => [name, ''])),
  };
}

export async function openRegistryBucket(nats: NatsClient): Promise<KV> {
  return nats.openBucket(nats.ns.registryBucket, { history: 1 });
}
