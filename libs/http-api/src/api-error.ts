import type { ErrorDetail } from './error-body.js';

export type { ErrorDetail };

/**
 * Errors of the REST API. Every error response has one shape
 * (`errorBodySchema`): `{ "error": { "code": "...", "message": "...", "details": [...] } }`.
 */
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

export const validationFailed = (
  details: ErrorDetail[],
  message = 'request is invalid',
  code = 'validation_failed',
) => new ApiError(400, code, message, details);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
/** No `Authorization: Bearer` header; `credential` says which, e.g. `api key`. */
export const missingBearer = (credential: string) =>
  unauthorized(`missing "Authorization: Bearer <${credential}>" header`);
export const unknownApiKey = () => unauthorized('unknown or revoked API key');
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const payloadTooLarge = (message: string) => new ApiError(413, 'payload_too_large', message);

/** The body parser could not parse the request body. */
export const malformedJson = (reason: string) =>
  new ApiError(400, 'malformed_json', `request body is not valid JSON: ${reason}`);
/** The body parser refused a body over the service's limit. */
export const bodyTooLarge = () =>
  new ApiError(413, 'payload_too_large', 'request body is larger than the configured limit');
/** Anything unexpected; the cause stays in the log. */
export const internalError = () => new ApiError(500, 'internal', 'internal error');
