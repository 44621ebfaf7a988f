import { PortalTokens } from '@herald/api-auth';
import { natsAuth, type CommonConfig } from '@herald/config';
import type { TopicName } from '@herald/contracts';
import { DATABASE_CONNECTION, DatabaseModule, probeDatabase } from '@herald/database';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule, type ReadinessProbe } from '@herald/observability';
import { QUARANTINE_MIGRATIONS, QuarantineModule } from '@herald/quarantine';
import { KEEP_ENDPOINT_SECRETS } from '@herald/registry-view';
import { CLOCK, systemClock } from '@herald/runtime';
import { SECRET_BOX, secretBoxFrom } from '@herald/secrets-crypto';
import { ApiRateLimitModule, RateLimits1797000000000, type RateSpec } from '@herald/tenant-limits';
import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import type { DatabaseOptions } from '@herald/database';

/** The environment every service module reads (the common variables and the API rate limit). */
export type ServiceConfig = CommonConfig & {
  HERALD_RATE_LIMIT_API: RateSpec | null;
  /** The operators' token of `GET /v1/quarantine` (services that keep a quarantine). */
  HERALD_ADMIN_TOKEN?: string | undefined;
  /** Services that open secrets at rest (`secretBox: true`). */
  HERALD_SECRETS_KEY?: Parameters<typeof secretBoxFrom>[0]['HERALD_SECRETS_KEY'];
};

/** One way for a service to say what it is; the module wires the rest. */
export interface HeraldServiceOptions<C extends ServiceConfig> {
  /** The service's name: logs, metrics, the NATS connection and its durable consumers. */
  name: string;
  /** The validated environment, provided under `configToken`. */
  config: C;
  configToken: symbol;
  /** Topics whose handlers this service runs (their streams are ensured at start). */
  consumes: readonly TopicName[];
  /** Topics this service publishes to (their streams are ensured at start). */
  publishes: readonly TopicName[];
  /** The service's own Postgres schema, its entities and its migrations. */
  database: Pick<DatabaseOptions, 'schema' | 'migrations'> & {
    entities?: DatabaseOptions['entities'];
  };
  /**
   * Poison messages become quarantine rows (`GET /v1/quarantine`, the
   * operators' token); without it the service records them itself.
   */
  quarantine?: boolean;
  /** Provides `SECRET_BOX`, the key ring that opens secrets at rest (`HERALD_SECRETS_KEY`). */
  secretBox?: boolean;
  /** The service signs requests: the read model keeps endpoint secrets (encrypted). */
  keepEndpointSecrets?: boolean;
  /** Readiness checks besides NATS and Postgres, injecting what they probe. */
  readiness?: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    useFactory: (...deps: any[]) => ReadinessProbe[];
    inject: InjectionToken[];
  };
  /** The service's own modules: HTTP controllers, handlers, background work. */
  imports?: ModuleMetadata['imports'];
  /** The service's own global providers, and which of them it exports to its modules. */
  providers?: Provider[];
  exports?: NonNullable<ModuleMetadata['exports']>;
}

/** Consumed topics first, then published ones, each once. */
export const serviceTopics = (options: {
  consumes: readonly TopicName[];
  publishes: readonly TopicName[];
}): TopicName[] => [...new Set([...options.consumes, ...options.publishes])];

/**
 * The service's migrations, then those of the shared tables the module adds:
 * the API rate-limit counters always, the quarantine when it is kept. Each
 * once, whichever list already names it.
 */
export const serviceMigrations = (
  migrations: DatabaseOptions['migrations'],
  quarantine: boolean,
): DatabaseOptions['migrations'] => [
  ...new Set([
    ...migrations,
    ...(quarantine ? QUARANTINE_MIGRATIONS : []),
    RateLimits1797000000000,
  ]),
];

/**
 * The root module of a Herald service. Every service has the same
 * scaffolding: logs, metrics, tracing and probes (`ObservabilityModule`, ready
 * when NATS, Postgres and the service's own checks answer), one NATS
 * connection with the streams of its topics, a migrated DataSource on its
 * own schema, the per-API-key rate limit, portal session tokens, the clock
 * and its validated environment; optionally the quarantine and the secrets
 * key ring. The app module states only what differs.
 */
@Module({})
export class HeraldServiceModule {
  static forRoot<C extends ServiceConfig>(options: HeraldServiceOptions<C>): DynamicModule {
    const { config, name } = options;
    const quarantine = options.quarantine ?? false;
    const extraReadiness = options.readiness;
    const providers: Provider[] = [
      // Verifies portal session tokens in every API guard (none without the key).
      { provide: PortalTokens, useValue: new PortalTokens(config.HERALD_PORTAL_SIGNING_KEY) },
      { provide: options.configToken, useValue: config },
      { provide: CLOCK, useValue: systemClock },
    ];
    const exported: NonNullable<ModuleMetadata['exports']> = [
      PortalTokens,
      options.configToken,
      CLOCK,
    ];
    if (options.secretBox) {
      const keys = config.HERALD_SECRETS_KEY;
      if (!keys) throw new Error(`${name}: secretBox needs HERALD_SECRETS_KEY in its config`);
      providers.push({
        provide: SECRET_BOX,
        useValue: secretBoxFrom({ HERALD_SECRETS_KEY: keys }),
      });
      exported.push(SECRET_BOX);
    }
    if (options.keepEndpointSecrets) {
      providers.push({ provide: KEEP_ENDPOINT_SECRETS, useValue: true });
      exported.push(KEEP_ENDPOINT_SECRETS);
    }
    return {
      module: HeraldServiceModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          service: name,
          namespace: config.HERALD_NAMESPACE,
          logLevel: config.LOG_LEVEL,
          readiness: {
            useFactory: (
              nats: NatsClient,
              db: Parameters<typeof probeDatabase>[0],
              ...deps: unknown[]
            ) => [
              { name: 'nats', check: () => nats.probe() },
              { name: 'postgres', check: () => probeDatabase(db) },
              ...(extraReadiness ? extraReadiness.useFactory(...deps) : []),
            ],
            inject: [NatsClient, DATABASE_CONNECTION, ...(extraReadiness?.inject ?? [])],
          },
        }),
        MessagingModule.forRoot({
          url: config.NATS_URL,
          auth: natsAuth(config),
          namespace: config.HERALD_NAMESPACE,
          replicas: config.HERALD_STREAM_REPLICAS,
          service: name,
          topics: serviceTopics(options),
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: options.database.schema,
          entities: options.database.entities ?? [],
          migrations: serviceMigrations(options.database.migrations, quarantine),
        }),
        ...(quarantine
          ? [QuarantineModule.forRoot({ adminToken: config.HERALD_ADMIN_TOKEN })]
          : []),
        // Requests per API key (HERALD_RATE_LIMIT_API): 429 rate_limited, one budget across replicas.
        ApiRateLimitModule.forRoot(config.HERALD_RATE_LIMIT_API),
        ...(options.imports ?? []),
      ],
      providers: [...providers, ...(options.providers ?? [])],
      exports: [...exported, ...(options.exports ?? [])],
    };
  }
}

/**
 * A service's root module as a declaration: `AppModule.forRoot(config)` is
 * `HeraldServiceModule.forRoot` with what `declare` says about the service.
 */
export function serviceModule<C extends ServiceConfig>(
  declare: (config: C) => Omit<HeraldServiceOptions<C>, 'config'>,
): { forRoot: (config: C) => DynamicModule } {
  return { forRoot: (config) => HeraldServiceModule.forRoot({ ...declare(config), config }) };
}
