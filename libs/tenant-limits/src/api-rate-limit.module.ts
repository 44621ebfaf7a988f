import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DATABASE_CONNECTION } from '@herald/database';
import { API_RATE_LIMIT, ApiRateLimitInterceptor } from './api-rate-limit.interceptor.js';
import { RateLimit, type RateLimitStore } from './rate-limiter.js';
import { rateVar, type RateSpec } from './rate-spec.js';

/**
 * The request rate per API key (`HERALD_RATE_LIMIT_API`) of a service's HTTP
 * API, as one import: the Postgres-backed counter (table `rate_limits`,
 * migration `RateLimits1797000000000` in the service's schema) and the
 * global interceptor that answers 429 `rate_limited` with `Retry-After`.
 * `HeraldServiceModule` imports it, and adds the migration, for every
 * service, so they all count and answer alike.
 */
@Module({})
export class ApiRateLimitModule {
  static forRoot(spec: RateSpec | null): DynamicModule {
    return {
      module: ApiRateLimitModule,
      providers: [
        {
          provide: API_RATE_LIMIT,
          useFactory: (db: RateLimitStore) => new RateLimit(db, spec, 'api'),
          inject: [DATABASE_CONNECTION],
        },
        { provide: APP_INTERCEPTOR, useClass: ApiRateLimitInterceptor },
      ],
      exports: [API_RATE_LIMIT],
    };
  }
}

/**
 * The variable of every service that imports the module: requests per API
 * key, `<count>/<duration>` or `off`. The default is generous for people and
 * scripts, and stops a runaway loop.
 */
export const apiRateLimitEnv = { HERALD_RATE_LIMIT_API: rateVar('1200/1m') };
