import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ApiError, bodyTooLarge, internalError, malformedJson } from './api-error.js';
import type { ErrorBody } from './error-body.js';

interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * The one place where errors become HTTP responses. Known errors keep their
 * status and code; body-parser failures (malformed JSON, body too large)
 * become 400/413 with a reason; anything else is a 500 whose details stay in
 * the log, never in the response.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const error = this.describe(exception);
    if (error.status >= 500) this.logger.error(exception);
    if (response.headersSent) return;
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, details: error.details },
    };
    response.status(error.status).json(body);
  }

  /** The `ApiError` an exception is answered with. */
  protected describe(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException) {
      // A refusal thrown by the body parser's verify hook (`verifyJsonBody`).
      if (exception.cause instanceof ApiError) return exception.cause;
      const status = exception.getStatus();
      // Express body-parser failures arrive wrapped, with the parser's error as cause.
      const cause = exception.cause as { type?: string } | undefined;
      if (cause?.type === 'entity.parse.failed' || exception.cause instanceof SyntaxError) {
        return malformedJson(exception.message);
      }
      if (cause?.type === 'entity.too.large') return bodyTooLarge();
      return new ApiError(
        status,
        CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request'),
        exception.message,
      );
    }
    return internalError();
  }
}
