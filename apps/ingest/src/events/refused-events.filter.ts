import { Catch, type ArgumentsHost } from '@nestjs/common';
import { ApiExceptionFilter, type RefusedBodyRequest } from '@herald/http-api';
import { type RegistryView } from '@herald/registry-view';
import { bearerToken, hashApiKey, roleAllows, type RequestWithPrincipal } from '@herald/api-auth';
import type { RejectionRecorder } from '../rejections/rejection-recorder.js';

/**
 * What the input edge refuses before `POST /v1/events` runs: the body
 * parser (invalid UTF-8, nesting, keys, malformed JSON, size) and the input
 * pipe (U+0000 or a lone surrogate in any string, e.g. the id). The
 * controller records its own refusals; these it never sees.
 */
const EDGE_CODES = new Set([
  'invalid_utf8',
  'json_too_deep',
  'too_many_keys',
  'malformed_json',
  'payload_too_large',
  'invalid_text',
]);

type EventRequest = RequestWithPrincipal &
  RefusedBodyRequest & { method: string; path: string; body?: unknown };

/**
 * Ingest's exception filter: answers like every service's, and first
 * records an event the input edge refused as a rejection of its tenant
 * (`GET /v1/rejections`, source `http`), as ingest does for every other
 * refused event. The tenant is the key's: set by the guard when the pipe
 * refused, resolved here from the bearer key when the body parser did (it
 * runs before any guard); a key that is unknown or may not publish records
 * nothing, and the answer stays the same 4xx.
 */
@Catch()
export class RefusedEventsFilter extends ApiExceptionFilter {
  constructor(
    private readonly recorder: RejectionRecorder,
    private readonly registry: RegistryView,
  ) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<EventRequest>();
    const error = this.describe(exception);
    const tenantId =
      request.method === 'POST' && request.path === '/v1/events' && EDGE_CODES.has(error.code)
        ? this.tenantOf(request)
        : null;
    if (tenantId === null) {
      super.catch(exception, host);
      return;
    }
    // Recorded before the answer, as the controller does: a producer that got the 400 finds it listed.
    void this.recorder
      .record({
        source: 'http',
        tenantId,
        eventType: typeOf(request.body),
        code: error.code,
        reason: error.message,
        payload: request.refusedBody ?? bodyText(request.body),
      })
      .finally(() => super.catch(exception, host));
  }

  private tenantOf(request: EventRequest): string | null {
    if (request.principal) return request.principal.tenantId;
    const token = bearerToken(request.headers);
    const key = token === null ? undefined : this.registry.apiKey(hashApiKey(token));
    if (!key || !this.registry.tenant(key.tenantId)) return null;
    return roleAllows(key.role, 'events:publish') ? key.tenantId : null;
  }
}

function typeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const type = (body as { type?: unknown }).type;
  return typeof type === 'string' ? type : null;
}

function bodyText(body: unknown): string | null {
  return body === undefined ? null : (JSON.stringify(body) ?? null);
}
