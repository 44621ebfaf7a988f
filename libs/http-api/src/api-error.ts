/**
 * Errors of the REST API. Every error response has one shape:
 * `{ "error": { "code": "...", "message": "...", "details": [...] } }`.
 */
export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `eventTypes.0`; empty for the whole body. */
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export const validationFailed = (details: ErrorDetail[], message = 'request is invalid') =>
  new ApiError(400, 'validation_failed', message, details);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const payloadTooLarge = (message: string) => new ApiError(413, 'payload_too_large', message);
