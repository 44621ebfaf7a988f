import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '@herald/http-api';
import type { RateSpec } from './rate-spec.js';

/** 429 `rate_limited`; `retryAfterSeconds` becomes the `Retry-After` header. */
export class RateLimitedError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(429, 'rate_limited', `too many requests ${what}; retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/** The Postgres handle the store uses: a TypeORM DataSource (its pool). */
export interface RateLimitStore {
  driver: unknown;
}

/** The table every service's migration creates for its counters. */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * A fixed-window request counter per key, kept in Postgres so that every
 * replica of a service counts against the same budget (one upsert per
 * request). `consume` returns null when the request may go on, else the
 * seconds until the window frees a point. Disabled (never limits) when the
 * rate is null.
 */
export class RateLimit {
  private readonly limiter: RateLimiterPostgres | null;

  constructor(
    store: RateLimitStore,
    readonly spec: RateSpec | null,
    /** Distinguishes the limits sharing the table, e.g. `api` or `ingest`. */
    prefix: string,
  ) {
    this.limiter =
      spec === null
        ? null
        : new RateLimiterPostgres({
            storeClient: store,
            storeType: 'typeorm',
            tableName: RATE_LIMIT_TABLE,
            tableCreated: true,
            clearExpiredByTimeout: true,
            keyPrefix: prefix,
            points: spec.points,
            duration: spec.durationMs / 1_000,
          });
  }

  /** Without taking a point: the seconds until the key has one again, or null if it has one. */
  async spent(key: string): Promise<number | null> {
    if (!this.limiter || !this.spec) return null;
    const state = await this.limiter.get(key);
    if (!state || state.consumedPoints < this.spec.points) return null;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1_000));
  }

  async consume(key: string): Promise<number | null> {
    if (!this.limiter) return null;
    try {
      await this.limiter.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1_000));
      }
      throw rejection;
    }
  }
}
