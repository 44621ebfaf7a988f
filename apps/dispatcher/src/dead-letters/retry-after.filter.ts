import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiExceptionFilter } from '@herald/http-api';
import { ReplayLimitReached } from './replay-limit.js';

/** Adds `Retry-After` to a 429 from the replay limit, then answers like every other error. */
@Catch(ReplayLimitReached)
export class RetryAfterFilter implements ExceptionFilter {
  private readonly errors = new ApiExceptionFilter();

  catch(exception: ReplayLimitReached, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ setHeader(n: string, v: string): void }>();
    response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    this.errors.catch(exception, host);
  }
}
