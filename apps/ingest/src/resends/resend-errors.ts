import { ApiError } from '@herald/http-api';

/** 429: the tenant used up its resend budget; `retryAfterSeconds` becomes `Retry-After`. */
export class ResendRateLimited extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'rate_limited',
      `too many resends for this tenant; retry after ${retryAfterSeconds} s`,
    );
    this.name = 'ResendRateLimited';
  }
}
