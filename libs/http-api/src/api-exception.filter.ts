import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ApiError, type ErrorDetail } from './api-error.js';

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
    const { status, code, message, details } = this.describe(exception);
    if (status >= 500) this.logger.error(exception);
    if (response.headersSent) return;
    response.status(status).json({ error: { code, message, details } });
  }

  private describe(exception: unknown): {
    status: number;
    code: string;
    message: string;
    details: ErrorDetail[];
  } {
    if (exception instanceof ApiError) {
      return {
        status: exception.status,
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Express body-parser failures arrive wrapped, with the parser's error as cause.
      const cause = exception.cause as { type?: string } | undefined;
      if (cause?.type === 'entity.parse.failed' || exception.cause instanceof SyntaxError) {
        return {
          status: 400,
          code: 'malformed_json',
          message: `request body is not valid JSON: ${exception.message}`,
          details: [],
        };
      }
      if (cause?.type === 'entity.too.large') {
        return {
          status: 413,
          code: 'payload_too_large',
          message: 'request body is larger than the configured limit',
          details: [],
        };
      }
      return {
        status,
        code: CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request'),
        message: exception.message,
        details: [],
      };
    }
    return { status: 500, code: 'internal', message: 'internal error', details: [] };
  }
}
