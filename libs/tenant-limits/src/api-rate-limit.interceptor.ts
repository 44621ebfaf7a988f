import {
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { RateLimitedError, type RateLimit } from './rate-limiter.js';

export const API_RATE_LIMIT = Symbol('API_RATE_LIMIT');

const SKIP_API_RATE_LIMIT = 'herald:skip-api-rate-limit';

/**
 * A route that is not counted per API key because a limit of its own
 * governs it (ingest's `POST /v1/events`: the tenant's event rate, which
 * NATS events share).
 */
export const SkipApiRateLimit = () => SetMetadata(SKIP_API_RATE_LIMIT, true);

/** Read with reflect-metadata itself: a Reflector of another @nestjs/core copy would be another token. */
const skipped = (context: ExecutionContext): boolean =>
  [context.getHandler(), context.getClass()].some(
    (target) => Reflect.getMetadata(SKIP_API_RATE_LIMIT, target) === true,
  );

interface LimitedRequest {
  principal?: { keyId: string };
}
interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/**
 * Request rate per API key on a service's management routes: every HTTP
 * request made with a tenant API key (the guards have set its principal by
 * the time interceptors run) takes one point of that key's budget; over it,
 * 429 `rate_limited` with `Retry-After`. Operator (admin token) and
 * unauthenticated requests are not counted here, nor `@SkipApiRateLimit()` routes.
 */
@Injectable()
export class ApiRateLimitInterceptor implements NestInterceptor {
  constructor(@Inject(API_RATE_LIMIT) private readonly limit: RateLimit) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http' || skipped(context)) return next.handle();
    const http = context.switchToHttp();
    const keyId = http.getRequest<LimitedRequest>().principal?.keyId;
    if (keyId !== undefined) {
      const wait = await this.limit.consume(`key:${keyId}`);
      if (wait !== null) {
        http.getResponse<HeaderSink>().setHeader('Retry-After', String(wait));
        throw new RateLimitedError(wait, 'with this API key');
      }
    }
    return next.handle();
  }
}
